using PrintStash.Printers.Bambu;

namespace PrintStash.Printers.Tests.Bambu;

public sealed class BambuThumbnailsTests
{
    [Theory]
    [InlineData("bracket.gcode.3mf", "/bracket.gcode.3mf")]
    [InlineData("/sdcard/farm/bracket.gcode.3mf", "/farm/bracket.gcode.3mf")]
    [InlineData("/mnt/sdcard/bracket.3mf", "/bracket.3mf")]
    [InlineData("/cache/cloud job.3mf", "/cache/cloud job.3mf")]
    [InlineData("/data/Metadata/plate_1.gcode", null)]
    [InlineData("test.gcode", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Remote_paths_follow_the_printers_storage_layout(string? gcodeFile, string? expected) =>
        Assert.Equal(expected, BambuThumbnails.RemotePath(gcodeFile));

    [Fact]
    public async Task A_file_that_is_not_a_zip_has_no_picture()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "G28\n");

            Assert.Null(await BambuThumbnails.ExtractAsync(path, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
