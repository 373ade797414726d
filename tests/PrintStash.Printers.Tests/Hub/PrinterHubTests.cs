using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Hub;
using PrintStash.Printers.Tests.TestSupport;
using static PrintStash.Printers.Tests.Hub.HubTestPrinters;

namespace PrintStash.Printers.Tests.Hub;

public sealed class PrinterHubTests
{
    private readonly FakeTimeProvider time = new() { ControlsTimers = true };

    [Fact]
    public async Task Subscribe_misses_no_change_made_between_snapshot_and_stream()
    {
        using var hub = NewHub(time);
        var printer = Printer("Voron");
        hub.Upsert(printer);
        hub.Flush();

        using var cts = new CancellationTokenSource();
        var subscription = hub.Subscribe(cts.Token);

        // Changed after the snapshot was taken but before anyone enumerates the stream.
        hub.ReportStatus(printer.PrinterId, Printing(0.42));
        Assert.Equal(PrinterActivity.Unknown, subscription.Current.Single().Status.Activity);

        await using var changes = subscription.Changes.GetAsyncEnumerator();
        var batch = await NextBatchAsync(changes, time);
        Assert.Equal(0.42, batch.Changed.Single().Status.Progress);
    }

    [Fact]
    public async Task Subscribe_while_updates_race_ends_with_the_newest_state()
    {
        using var hub = NewHub(time);
        var printer = Printer("Voron");
        hub.Upsert(printer);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var i = 1; i <= 20_000; i++)
            {
                hub.ReportStatus(printer.PrinterId, Printing(i / 20_000.0));
            }
        });

        var subscription = hub.Subscribe(stop.Token);
        await writer;
        var seen = subscription.Current.Single().Version;
        await using var changes = subscription.Changes.GetAsyncEnumerator();
        while (seen < hub.Find(printer.PrinterId)!.Version)
        {
            var batch = await NextBatchAsync(changes, time);
            seen = Math.Max(seen, batch.Changed.Single().Version);
        }

        Assert.Equal(1.0, hub.Find(printer.PrinterId)!.Status.Progress);
        Assert.Equal(hub.Find(printer.PrinterId)!.Version, seen);
    }

    [Fact]
    public async Task Batch_coalesces_many_updates_into_the_newest_snapshot_per_printer()
    {
        using var hub = NewHub(time);
        var a = Printer("A");
        var b = Printer("B");
        hub.Upsert(a);
        hub.Upsert(b);
        hub.Flush();
        using var cts = new CancellationTokenSource();
        await using var changes = hub.Subscribe(cts.Token).Changes.GetAsyncEnumerator();

        for (var i = 1; i <= 100; i++)
        {
            hub.ReportStatus(a.PrinterId, Printing(i / 100.0));
            hub.ReportStatus(b.PrinterId, Printing(i / 200.0));
        }

        var batch = await NextBatchAsync(changes, time);
        Assert.Equal(2, batch.Changed.Count);
        Assert.Equal(1.0, batch.Changed.Single(s => s.PrinterId == a.PrinterId).Status.Progress);
        Assert.Equal(0.5, batch.Changed.Single(s => s.PrinterId == b.PrinterId).Status.Progress);
    }

    [Fact]
    public async Task Nothing_is_sent_before_the_batch_window_has_passed()
    {
        using var hub = NewHub(time);
        var printer = Printer("A");
        hub.Upsert(printer);
        hub.Flush();
        using var cts = new CancellationTokenSource();
        await using var changes = hub.Subscribe(cts.Token).Changes.GetAsyncEnumerator();
        hub.ReportStatus(printer.PrinterId, Printing(0.1));
        var window = new PrintersOptions().BatchWindow;

        var next = changes.MoveNextAsync().AsTask();
        time.Advance(window - TimeSpan.FromMilliseconds(10));
        await Task.Delay(50);
        Assert.False(next.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task First_change_after_a_quiet_window_goes_out_at_once_and_the_ones_right_after_it_coalesce()
    {
        using var hub = NewHub(time);
        var printer = Printer("A");
        hub.Upsert(printer);
        hub.Flush();
        using var cts = new CancellationTokenSource();
        await using var changes = hub.Subscribe(cts.Token).Changes.GetAsyncEnumerator();
        var window = new PrintersOptions().BatchWindow;
        time.Advance(window + TimeSpan.FromMilliseconds(50));

        // Quiet for longer than the window: the change goes out without waiting for the clock.
        hub.ReportStatus(printer.PrinterId, Printing(0.1));
        Assert.True(await changes.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0.1, changes.Current.Changed.Single().Status.Progress);

        // Within the window of that batch: held back until the window ends, then sent as one batch with the newest.
        time.Advance(window * 0.4);
        hub.ReportStatus(printer.PrinterId, Printing(0.2));
        hub.ReportStatus(printer.PrinterId, Printing(0.3));
        var next = changes.MoveNextAsync().AsTask();
        time.Advance((window * 0.6) - TimeSpan.FromMilliseconds(10));
        await Task.Delay(50);
        Assert.False(next.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0.3, changes.Current.Changed.Single().Status.Progress);
    }

    [Fact]
    public async Task Slow_subscriber_drops_oldest_without_growing_and_then_gets_a_full_resync()
    {
        var options = new PrintersOptions { SubscriberQueueLength = 4 };
        using var hub = NewHub(time, options);
        var printer = Printer("A");
        var removed = Printer("Gone");
        hub.Upsert(printer);
        hub.Upsert(removed);
        hub.Flush();
        using var cts = new CancellationTokenSource();
        var subscription = hub.Subscribe(cts.Token);
        await using var changes = subscription.Changes.GetAsyncEnumerator();

        for (var i = 1; i <= 1_000; i++)
        {
            hub.ReportStatus(printer.PrinterId, Printing(i / 1_000.0));
            if (i == 10)
            {
                hub.Remove(removed.PrinterId);
            }

            hub.Flush();
        }

        Assert.Equal(1, hub.SubscriberCount);
        var batch = await changes.MoveNextAsync() ? changes.Current : null;
        Assert.NotNull(batch);
        Assert.True(batch.Resync);
        Assert.Equal(1.0, batch.Changed.Single().Status.Progress);
        Assert.Contains(removed.PrinterId, batch.Removed);
    }

    [Fact]
    public void Queue_of_a_subscriber_that_never_reads_stays_bounded()
    {
        var options = new PrintersOptions { SubscriberQueueLength = 8 };
        using var hub = NewHub(time, options);
        var printer = Printer("A");
        hub.Upsert(printer);
        using var cts = new CancellationTokenSource();
        _ = hub.Subscribe(cts.Token);

        for (var i = 0; i < 10_000; i++)
        {
            hub.ReportStatus(printer.PrinterId, Printing(i / 10_000.0));
            hub.Flush();
        }

        Assert.Equal([8], hub.QueuedBatchesPerSubscriber);
    }

    [Fact]
    public async Task Thousand_subscribe_and_unsubscribe_cycles_leave_no_subscribers()
    {
        using var hub = NewHub(time);
        var printer = Printer("A");
        hub.Upsert(printer);
        for (var i = 0; i < 1_000; i++)
        {
            using var cts = new CancellationTokenSource();
            var subscription = hub.Subscribe(cts.Token);
            switch (i % 3)
            {
                case 0:
                    await cts.CancelAsync();
                    break;
                case 1:
                    await using (var changes = subscription.Changes.GetAsyncEnumerator())
                    {
                        var next = changes.MoveNextAsync();
                        await cts.CancelAsync();
                        Assert.False(await next);
                    }

                    break;
                default:
                    hub.ReportStatus(printer.PrinterId, Printing(i / 1_000.0));
                    hub.Flush();
                    await foreach (var batch in subscription.Changes)
                    {
                        break;
                    }

                    await cts.CancelAsync();
                    break;
            }
        }

        Assert.Equal(0, hub.SubscriberCount);
    }

    [Fact]
    public async Task Breaking_out_of_the_enumeration_ends_the_subscription()
    {
        using var hub = NewHub(time);
        var printer = Printer("A");
        hub.Upsert(printer);
        var subscription = hub.Subscribe(CancellationToken.None);
        hub.ReportStatus(printer.PrinterId, Printing(0.5));
        var reading = Task.Run(async () =>
        {
            await foreach (var batch in subscription.Changes)
            {
                break;
            }
        });
        await Eventually.TrueAsync(() => time.ActiveTimers > 0 || reading.IsCompleted, "a flush is scheduled");
        time.Advance(TimeSpan.FromSeconds(1));
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, hub.SubscriberCount);
    }

    [Fact]
    public void Updates_for_an_unknown_or_removed_printer_do_not_bring_it_back()
    {
        using var hub = NewHub(time);
        var printer = Printer("A");
        hub.Upsert(printer);
        Assert.True(hub.Remove(printer.PrinterId));

        Assert.Null(hub.ReportStatus(printer.PrinterId, Printing(0.5)));
        Assert.Null(hub.Update(printer.PrinterId, s => s with { Connection = PrinterConnectionState.Online }));
        hub.SetThumbnail(printer.PrinterId, new byte[] { 1, 2, 3 }, "image/png");
        Assert.Empty(hub.Snapshots);
        Assert.Null(hub.Thumbnail(printer.PrinterId));
    }

    [Fact]
    public void Status_sets_eta_from_remaining_time_and_last_seen()
    {
        using var hub = NewHub(time);
        var printer = Printer("A");
        hub.Upsert(printer);
        var snapshot = hub.ReportStatus(printer.PrinterId, Printing(0.5))!;
        var now = time.GetUtcNow().UtcDateTime;
        Assert.Equal(now + TimeSpan.FromMinutes(30), snapshot.Eta);
        Assert.Equal(now, snapshot.LastSeenAt);

        var idle = hub.ReportStatus(printer.PrinterId, new PrinterStatus { Activity = PrinterActivity.Standby, Remaining = TimeSpan.MaxValue })!;
        Assert.Null(idle.Eta);
    }

    [Fact]
    public void Upsert_refreshes_configured_fields_but_keeps_the_live_status()
    {
        using var hub = NewHub(time);
        var printer = Printer("A");
        hub.Upsert(printer);
        hub.ReportStatus(printer.PrinterId, Printing(0.3));
        hub.Upsert(printer with { Name = "Renamed", Location = "Shed", Tags = ["petg"] });

        var snapshot = hub.Find(printer.PrinterId)!;
        Assert.Equal("Renamed", snapshot.Name);
        Assert.Equal("Shed", snapshot.Location);
        Assert.Equal(["petg"], snapshot.Tags);
        Assert.Equal(0.3, snapshot.Status.Progress);
    }
}
