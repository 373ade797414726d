using PrintStash.Web.Components.Printers;

namespace PrintStash.Web.Tests.Printers;

public sealed class ThrottledUploadProgressTests
{
    [Fact]
    public void Every_value_is_recorded_but_a_render_is_asked_for_at_most_every_two_percent()
    {
        var recorded = new List<long>();
        var renders = 0;
        var progress = new ThrottledUploadProgress(10_000, recorded.Add, () => { renders++; return Task.CompletedTask; });

        for (var sent = 10; sent <= 10_000; sent += 10)
        {
            progress.Report(sent);
        }

        Assert.Equal(1_000, recorded.Count);
        Assert.Equal(10_000, recorded[^1]);
        Assert.InRange(renders, 45, 50);
    }

    [Fact]
    public void An_unknown_size_records_progress_without_asking_for_renders()
    {
        long last = 0;
        var renders = 0;
        var progress = new ThrottledUploadProgress(0, value => last = value, () => { renders++; return Task.CompletedTask; });

        progress.Report(4_096);

        Assert.Equal(4_096, last);
        Assert.Equal(0, renders);
    }
}
