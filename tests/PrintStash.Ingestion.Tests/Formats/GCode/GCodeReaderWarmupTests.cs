using PrintStash.Ingestion.Formats.GCode;

namespace PrintStash.Ingestion.Tests.Formats.GCode;

public sealed class GCodeReaderWarmupTests
{
    [Fact]
    public void Warmup_sample_is_larger_than_both_windows_so_the_gap_path_runs()
    {
        Assert.True(GCodeReaderWarmup.Sample().Length > GCodeReader.HeadWindowBytes + GCodeReader.TailWindowBytes);
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
