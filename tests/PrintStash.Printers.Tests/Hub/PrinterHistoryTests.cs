using PrintStash.Printers.Abstractions;
using static PrintStash.Printers.Tests.Hub.HubTestPrinters;

namespace PrintStash.Printers.Tests.Hub;

public sealed class PrinterHistoryTests
{
    private readonly FakeTimeProvider time = new() { ControlsTimers = true };

    [Fact]
    public void History_keeps_one_sample_per_interval_for_the_last_hour_in_a_fixed_ring()
    {
        using var hub = NewHub(time);
        var printer = Printer("A");
        hub.Upsert(printer);

        // Four updates a second for three hours.
        for (var i = 0; i < 3 * 3600 * 4; i++)
        {
            hub.ReportStatus(printer.PrinterId, Printing(i / 43_200.0, 200 + (i % 10)));
            time.Advance(TimeSpan.FromMilliseconds(250));
        }

        var history = hub.History(printer.PrinterId);
        Assert.InRange(history.Count, 359, 360);
        Assert.True(history.Zip(history.Skip(1)).All(p => p.Second.At - p.First.At == TimeSpan.FromSeconds(10)));
        Assert.True(time.GetUtcNow().UtcDateTime - history[0].At <= TimeSpan.FromHours(1));
        Assert.Equal(2, history[^1].Heaters.Count);
    }

    [Fact]
    public void History_forgets_samples_older_than_an_hour_when_the_printer_went_quiet()
    {
        using var hub = NewHub(time);
        var printer = Printer("A");
        hub.Upsert(printer);
        hub.ReportStatus(printer.PrinterId, Printing(0.1));
        time.Advance(TimeSpan.FromMinutes(61));
        hub.ReportStatus(printer.PrinterId, Printing(0.2));

        Assert.Equal([0.2], hub.History(printer.PrinterId).Select(s => s.Progress));
        Assert.Empty(hub.History(Guid.NewGuid()));
    }

    [Fact]
    public void Clock_going_back_still_records_samples()
    {
        using var hub = NewHub(time);
        var printer = Printer("A");
        hub.Upsert(printer);
        hub.ReportStatus(printer.PrinterId, Printing(0.1));
        time.Jump(TimeSpan.FromHours(-1));
        hub.ReportStatus(printer.PrinterId, Printing(0.2));
        time.Advance(TimeSpan.FromSeconds(10));
        hub.ReportStatus(printer.PrinterId, Printing(0.3));

        Assert.Equal([0.1, 0.2, 0.3], hub.History(printer.PrinterId).Select(s => s.Progress));
    }

    [Fact]
    public void Thumbnail_is_stored_with_a_content_key_and_oversized_images_are_dropped()
    {
        using var hub = NewHub(time, new PrintersOptions { MaxThumbnailBytes = 1024 });
        var printer = Printer("A");
        hub.Upsert(printer);

        hub.SetThumbnail(printer.PrinterId, new byte[] { 0x89, 0x50, 0x4e, 0x47 }, "image/png");
        var key = hub.Find(printer.PrinterId)!.ThumbnailKey;
        Assert.NotNull(key);
        Assert.Equal("image/png", hub.Thumbnail(printer.PrinterId)!.Value.ContentType);
        Assert.Equal(4, hub.Thumbnail(printer.PrinterId)!.Value.Image.Length);

        hub.SetThumbnail(printer.PrinterId, new byte[4096], "image/png");
        Assert.Null(hub.Thumbnail(printer.PrinterId));
        Assert.Null(hub.Find(printer.PrinterId)!.ThumbnailKey);
    }
}
