using PrintStash.Ingestion.Formats.GCode;

namespace PrintStash.Ingestion.Tests.Formats.GCode;

public sealed class GCodeReaderWarmupTests
{
    [Fact]
    public void Warmup_sample_grows_to_the_size_asked_so_the_gap_path_can_run()
    {
        var minimum = GCodeReader.HeadWindowBytes + GCodeReader.TailWindowBytes + 1;

        Assert.True(GCodeReaderWarmup.Sample(minimum).Length >= minimum);
    }

    [Fact]
    public async Task Warmup_sample_reads_like_a_real_file_with_head_thumbnail_and_tail()
    {
        var analysis = await GCodeReaderWarmup.WarmAsync(CancellationToken.None);

        Assert.Empty(analysis.Problems);
        Assert.Equal("PrusaSlicer", analysis.Print?.Slicer);
        Assert.Equal(TimeSpan.FromSeconds(605), analysis.Print?.EstimatedTime);
        Assert.Single(analysis.Thumbnails);
    }
}
