using PrintStash.Ingestion.Imaging;
using PrintStash.Ingestion.Tests.Formats.GCode;

namespace PrintStash.Ingestion.Tests.Imaging;

public sealed class QoiDecoderTests
{
    [Theory]
    [InlineData("ps25gui_plate2_pla020_qoi_klipperstyle_48x48.qoi", 48, 48)]
    [InlineData("ps25gui_plate2_pla020_qoi_klipperstyle_300x300.qoi", 300, 300)]
    public async Task Decode_PrusaSlicerThumbnail_ReencodesByteIdenticalWithReferenceEncoder(string name, int width, int height)
    {
        var original = await File.ReadAllBytesAsync(CorpusFiles.ExtractedThumbnail(name));

        var image = QoiDecoder.Decode(original);

        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal(width * height * 4, image.Rgba.Length);
        Assert.Equal(original, ReferenceQoiEncoder.Encode(image.Rgba, image.Width, image.Height, (byte)image.Channels, (byte)image.ColorSpace));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 3, 2)]
    [InlineData(64, 65, 3)]
    [InlineData(300, 200, 4)]
    public void Decode_ReferenceEncodedImage_ReturnsSamePixels(int width, int height, int seed)
    {
        var rgba = TestImages.Mixed(width, height, seed);

        var image = QoiDecoder.Decode(ReferenceQoiEncoder.Encode(rgba, width, height));

        Assert.Equal(rgba, image.Rgba);
    }

    [Fact]
    public void Decode_ThreeChannelImage_ReturnsOpaqueRgba()
    {
        var rgba = TestImages.Mixed(20, 10, 5);
        for (var i = 3; i < rgba.Length; i += 4)
        {
            rgba[i] = 255;
        }

        var image = QoiDecoder.Decode(ReferenceQoiEncoder.Encode(rgba, 20, 10, channels: 3, colorSpace: 1));

        Assert.Equal((3, 1), (image.Channels, image.ColorSpace));
        Assert.Equal(rgba, image.Rgba);
    }

    [Fact]
    public void Decode_EveryOpHandWritten_DecodesPerSpecification()
    {
        byte[] data =
        [
            .. "qoif"u8, 0, 0, 0, 7, 0, 0, 0, 1, 4, 0,
            0xFE, 10, 20, 30,           // RGB → (10,20,30,255)
            0x40 | (3 << 4) | (1 << 2) | 2, // DIFF dr=+1 dg=-1 db=0 → (11,19,30,255)
            0x80 | (32 + 5), (8 + 2) << 4 | (8 - 3), // LUMA dg=+5 dr-dg=+2 db-dg=-3 → (18,24,32,255)
            0xFF, 1, 2, 3, 4,           // RGBA → (1,2,3,4)
            0xC0 | 1,                   // RUN of 2 → (1,2,3,4) ×2
            (byte)(((10 * 3) + (20 * 5) + (30 * 7) + (255 * 11)) % 64), // INDEX of the first pixel
            0, 0, 0, 0, 0, 0, 0, 1,
        ];

        var image = QoiDecoder.Decode(data);

        Assert.Equal(
            new byte[] { 10, 20, 30, 255, 11, 19, 30, 255, 18, 24, 32, 255, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 10, 20, 30, 255 },
            image.Rgba);
    }

    [Fact]
    public void TryDecode_TruncatedData_ReportsTruncation()
    {
        var data = ReferenceQoiEncoder.Encode(TestImages.Mixed(50, 50, 9), 50, 50);

        Assert.False(QoiDecoder.TryDecode(data.AsSpan(0, data.Length / 2), out var image, out var error));

        Assert.Null(image);
        Assert.Contains("truncated", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_MissingEndMarker_ReportsIt()
    {
        var data = ReferenceQoiEncoder.Encode(TestImages.Mixed(10, 10, 9), 10, 10);

        Assert.False(QoiDecoder.TryDecode(data.AsSpan(0, data.Length - 3), out _, out var error));

        Assert.Contains("end marker", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'q', (byte)'o', (byte)'i', (byte)'f', 0, 0 })]
    public void TryDecode_NotQoi_ReportsMissingHeader(byte[] data)
    {
        Assert.False(QoiDecoder.TryDecode(data, out _, out var error));

        Assert.Contains("not a QOI image", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10, "outside")]
    [InlineData(9000, 10, "outside")]
    [InlineData(8192, 8192, "holds only")]
    public void TryDecode_ImplausibleSize_IsRefusedBeforeAllocating(int width, int height, string expected)
    {
        var data = ReferenceQoiEncoder.Encode([0, 0, 0, 255], 1, 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), height);

        Assert.False(QoiDecoder.TryDecode(data, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_AbovePixelBudget_IsRefused()
    {
        var data = ReferenceQoiEncoder.Encode(TestImages.Mixed(100, 100, 1), 100, 100);

        Assert.False(QoiDecoder.TryDecode(data, out _, out var error, maxPixels: 9_999));

        Assert.Contains("exceeds the limit", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_InvalidChannels_IsRefused()
    {
        var data = ReferenceQoiEncoder.Encode([0, 0, 0, 255], 1, 1);
        data[12] = 5;

        Assert.False(QoiDecoder.TryDecode(data, out _, out var error));

        Assert.Contains("channels", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Garbage_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => QoiDecoder.Decode("qoif and then nonsense"u8));
    }
}
