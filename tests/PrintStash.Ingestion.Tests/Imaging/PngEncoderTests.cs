using PrintStash.Ingestion.Imaging;

namespace PrintStash.Ingestion.Tests.Imaging;

/// <summary>The encoder's output decoded by an independent decoder (own CRC, all five filters).</summary>
public sealed class PngEncoderTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 9, 2)]
    [InlineData(33, 17, 3)]
    [InlineData(400, 300, 4)]
    public void EncodeRgba_MixedImage_DecodesToSamePixels(int width, int height, int seed)
    {
        var rgba = TestImages.Mixed(width, height, seed);

        var png = PngEncoder.EncodeRgba(rgba, width, height);

        var decoded = ReferencePngDecoder.Decode(png);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.Equal(rgba, decoded.Rgba);
        Assert.Equal(["IHDR", "IDAT", "IEND"], decoded.Chunks);
    }

    [Fact]
    public void EncodeRgba_FlatImage_CompressesWell()
    {
        var rgba = new byte[256 * 256 * 4];
        Array.Fill(rgba, (byte)0x7F);

        var png = PngEncoder.EncodeRgba(rgba, 256, 256);

        Assert.InRange(png.Length, 1, 2_000);
        Assert.Equal(rgba, ReferencePngDecoder.Decode(png).Rgba);
    }

    [Fact]
    public void EncodeRgba_Output_HasReadableSize()
    {
        var png = PngEncoder.EncodeRgba(new byte[5 * 3 * 4], 5, 3);

        Assert.True(PngInfo.TryReadSize(png, out var width, out var height));
        Assert.Equal((5, 3), (width, height));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(-1, 5)]
    public void EncodeRgba_NonPositiveSize_Throws(int width, int height)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PngEncoder.EncodeRgba(new byte[16], width, height));
    }

    [Fact]
    public void EncodeRgba_BufferOfWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.EncodeRgba(new byte[15], 2, 2));
    }
}
