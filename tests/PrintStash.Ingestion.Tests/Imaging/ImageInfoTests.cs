using PrintStash.Ingestion.Imaging;
using PrintStash.Ingestion.Tests.Formats.GCode;

namespace PrintStash.Ingestion.Tests.Imaging;

public sealed class ImageInfoTests
{
    [Theory]
    [InlineData("ps25gui_boat_hull_pla020_png_32x32.png", 32, 32)]
    [InlineData("ps25gui_boat_hull_pla020_png_400x300.png", 400, 300)]
    [InlineData("ps25gui_plate3_pla020_png_400x300.png", 400, 300)]
    public async Task PngInfo_CorpusThumbnail_ReadsSize(string name, int width, int height)
    {
        var png = await File.ReadAllBytesAsync(CorpusFiles.ExtractedThumbnail(name));

        Assert.True(PngInfo.TryReadSize(png, out var w, out var h));
        Assert.Equal((width, height), (w, h));
        Assert.Equal((width, height), (ReferencePngDecoder.Decode(png).Width, ReferencePngDecoder.Decode(png).Height));
    }

    [Fact]
    public void PngInfo_DamagedHeader_ReturnsFalse()
    {
        var png = PngEncoder.EncodeRgba(new byte[4], 1, 1);
        var truncated = png.AsSpan(0, 20).ToArray();
        var badCrc = png.ToArray();
        badCrc[20] ^= 0xFF;

        Assert.False(PngInfo.TryReadSize(truncated, out _, out _));
        Assert.False(PngInfo.TryReadSize(badCrc, out _, out _));
        Assert.False(PngInfo.TryReadSize("not a png at all, just text"u8, out _, out _));
    }

    [Theory]
    [InlineData("ps25gui_vase_petg028_jpg_32x32.jpg", 32, 32)]
    [InlineData("ps25gui_vase_petg028_jpg_220x124.jpg", 220, 124)]
    public async Task JpegInfo_CorpusThumbnail_ReadsSize(string name, int width, int height)
    {
        var jpeg = await File.ReadAllBytesAsync(CorpusFiles.ExtractedThumbnail(name));

        Assert.True(JpegInfo.TryReadSize(jpeg, out var w, out var h));
        Assert.Equal((width, height), (w, h));
    }

    [Fact]
    public async Task JpegInfo_TruncatedOrGarbage_ReturnsFalse()
    {
        var jpeg = await File.ReadAllBytesAsync(CorpusFiles.ExtractedThumbnail("ps25gui_vase_petg028_jpg_220x124.jpg"));

        Assert.False(JpegInfo.TryReadSize(jpeg.AsSpan(0, 30), out _, out _));
        Assert.False(JpegInfo.TryReadSize([0xFF, 0xD8, 0xFF, 0xDA, 0, 2], out _, out _));
        Assert.False(JpegInfo.TryReadSize("GIF89a"u8, out _, out _));
    }
}
