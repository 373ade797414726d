using System.Buffers.Binary;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.BGCode;
using PrintStash.Ingestion.Formats.GCode;
using PrintStash.Ingestion.Tests.Formats.GCode;
using PrintStash.Ingestion.Tests.Imaging;

namespace PrintStash.Ingestion.Tests.Formats.BGCode;

public sealed class BGCodeReaderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnalyzeAsync_CompleteFile_ReadsMetadataThumbnailsAndObjects(bool checksums)
    {
        var analysis = await AnalyzeAsync(BGCodeSamples.Complete(checksums).ToArray());

        Assert.Equal(FileKind.BGCode, analysis.Kind);
        Assert.Empty(analysis.Problems);
        var print = analysis.Print!;
        Assert.Equal(("PrusaSlicer", "2.7.1+win64"), (print.Slicer, print.SlicerVersion));
        Assert.Equal(new TimeSpan(1, 2, 3), print.EstimatedTime);
        Assert.Equal((1234.56, 2.97, 3.82, "PETG"), (print.FilamentLengthMm!.Value, print.FilamentVolumeCm3!.Value, print.FilamentWeightG!.Value, print.FilamentType));
        Assert.Equal((0.2, 0.2, 10.2, 51), (print.LayerHeightMm!.Value, print.FirstLayerHeightMm!.Value, print.MaxZMm!.Value, print.LayerCount!.Value));
        Assert.Equal((250.0, 90.0, 0.4, "15%", "MK4"), (print.NozzleTemperatureC!.Value, print.BedTemperatureC!.Value, print.NozzleDiameterMm!.Value, print.Infill, print.PrinterModel));
        Assert.Equal(["bracket_stl", "gear_stl"], analysis.ObjectNames);
        Assert.Equal("Original Prusa MK4 0.4 nozzle", analysis.RawValues["printer_settings_id"]);

        Assert.Equal(3, analysis.Thumbnails.Count);
        Assert.Equal((16, 12, "image/png"), (analysis.Thumbnails[0].Width, analysis.Thumbnails[0].Height, analysis.Thumbnails[0].MediaType));
        Assert.Equal(BGCodeSamples.Png, analysis.Thumbnails[0].Data);
        Assert.Equal((24, 18, "image/jpeg"), (analysis.Thumbnails[1].Width, analysis.Thumbnails[1].Height, analysis.Thumbnails[1].MediaType));
        Assert.Equal((20, 10, "image/png"), (analysis.Thumbnails[2].Width, analysis.Thumbnails[2].Height, analysis.Thumbnails[2].MediaType));
        Assert.Equal(BGCodeSamples.QoiPixels, ReferencePngDecoder.Decode(analysis.Thumbnails[2].Data).Rgba);
    }

    [Fact]
    public async Task AnalyzeAsync_LargeGCodeBody_ReadsOnlyTheBlocksBeforeIt()
    {
        var bytes = BGCodeSamples.Complete().GCodeText(new string('G', 20_000_000)).ToArray();
        await using var stream = new CountingStream(new MemoryStream(bytes));

        var analysis = await BGCodeReader.AnalyzeAsync(stream, CancellationToken.None);

        Assert.Empty(analysis.Problems);
        Assert.InRange(stream.BytesRead, 1, 64 * 1024);
    }

    [Fact]
    public async Task GCodeReader_BinaryFileWithGCodeExtension_HandsOverToBGCodeReader()
    {
        await using var stream = new MemoryStream(BGCodeSamples.Complete().ToArray());

        var analysis = await GCodeReader.AnalyzeAsync(stream, CancellationToken.None);

        Assert.Equal(FileKind.BGCode, analysis.Kind);
        Assert.Equal("MK4", analysis.Print!.PrinterModel);
    }

    [Fact]
    public async Task AnalyzeAsync_PathOverload_ReadsFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"printstash-{Guid.NewGuid():N}.bgcode");
        await File.WriteAllBytesAsync(path, BGCodeSamples.Complete().ToArray());
        try
        {
            var analysis = await BGCodeReader.AnalyzeAsync(path, CancellationToken.None);

            Assert.Equal(3, analysis.Thumbnails.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AnalyzeAsync_EmptyFile_ReportsEmpty()
    {
        var analysis = await AnalyzeAsync([]);

        Assert.Equal(["The file is empty."], analysis.Problems);
        Assert.Null(analysis.Print);
    }

    [Fact]
    public async Task AnalyzeAsync_BadMagic_ReportsNotBinaryGCode()
    {
        var analysis = await AnalyzeAsync(new BGCodeWriter(magic: "GCDX").Metadata(BGCodeWriter.PrinterMetadata, BGCodeSamples.PrinterMetadata).ToArray());

        Assert.Null(analysis.Print);
        Assert.Contains("does not start with GCDE", Assert.Single(analysis.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_TruncatedFileHeader_ReportsIt()
    {
        var analysis = await AnalyzeAsync("GCDE\u0001"u8.ToArray());

        Assert.Contains("header is truncated", Assert.Single(analysis.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_UnsupportedVersionOrChecksumType_ReportsIt()
    {
        var version = await AnalyzeAsync(new BGCodeWriter(version: 2).ToArray());
        var checksum = await AnalyzeAsync(new BGCodeWriter(checksumType: 7).ToArray());

        Assert.Contains("version 2 is not supported", Assert.Single(version.Problems), StringComparison.Ordinal);
        Assert.Contains("Unknown checksum type 7", Assert.Single(checksum.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_TruncatedThumbnailBlock_KeepsEarlierBlocks()
    {
        var writer = new BGCodeWriter()
            .Metadata(BGCodeWriter.FileMetadata, BGCodeSamples.FileMetadata)
            .Metadata(BGCodeWriter.PrinterMetadata, BGCodeSamples.PrinterMetadata, BGCodeWriter.Deflate);
        var cutAt = writer.Length + 40;
        var bytes = writer.Image(0, 16, 12, BGCodeSamples.Png).ToArray()[..(int)cutAt];

        var analysis = await AnalyzeAsync(bytes);

        Assert.Equal("MK4", analysis.Print!.PrinterModel);
        Assert.Empty(analysis.Thumbnails);
        Assert.Contains(analysis.Problems, p => p.Contains("Thumbnail block at offset", StringComparison.Ordinal) && p.Contains("(truncated)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_BadCrc_ReportsMismatchAndStillReadsBlock()
    {
        var writer = new BGCodeWriter().Metadata(BGCodeWriter.FileMetadata, BGCodeSamples.FileMetadata);
        var printerOffset = (int)writer.Length;
        var bytes = writer.Metadata(BGCodeWriter.PrinterMetadata, [("printer_model", "MK4"), ("layer_height", "0.2")]).ToArray();
        bytes[printerOffset + 8 + 2 + 16] ^= 0x01; // one bit of "printer_model=MK4" → "MK5"

        var analysis = await AnalyzeAsync(bytes);

        Assert.Equal("MK5", analysis.Print!.PrinterModel);
        Assert.Contains(analysis.Problems, p => p.StartsWith($"PrinterMetadata block at offset {printerOffset}: CRC32 mismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_UnknownCompression_SkipsThatBlockOnly()
    {
        var bytes = new BGCodeWriter()
            .Block(BGCodeWriter.FileMetadata, 9, new byte[2], "Producer=X 1\n"u8.ToArray())
            .Metadata(BGCodeWriter.PrinterMetadata, BGCodeSamples.PrinterMetadata)
            .GCodeText("G1\n")
            .ToArray();

        var analysis = await AnalyzeAsync(bytes);

        Assert.Equal("MK4", analysis.Print!.PrinterModel);
        Assert.Contains("uses unknown compression 9; block skipped", Assert.Single(analysis.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_HugeDeclaredSizeBeyondFile_StopsWithoutAllocating()
    {
        var bytes = new BGCodeWriter()
            .Metadata(BGCodeWriter.FileMetadata, BGCodeSamples.FileMetadata)
            .Block(BGCodeWriter.PrinterMetadata, BGCodeWriter.None, new byte[2], "printer_model=MK4\n"u8.ToArray(), uncompressedOverride: 0xFFFF_FFF0)
            .ToArray();
        await using var stream = new CountingStream(new MemoryStream(bytes));

        var analysis = await BGCodeReader.AnalyzeAsync(stream, CancellationToken.None);

        Assert.InRange(stream.BytesRead, 1, bytes.Length);
        Assert.Contains(analysis.Problems, p => p.Contains("declares 4294967280 bytes of data", StringComparison.Ordinal) && p.Contains("(truncated)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_HugeDeclaredUncompressedSize_SkipsBlockAboveLimit()
    {
        var bytes = new BGCodeWriter()
            .Block(BGCodeWriter.FileMetadata, BGCodeWriter.Deflate, new byte[2], "Producer=X 1\n"u8.ToArray(), uncompressedOverride: 0xF000_0000)
            .Metadata(BGCodeWriter.PrinterMetadata, BGCodeSamples.PrinterMetadata)
            .GCodeText("G1\n")
            .ToArray();

        var analysis = await AnalyzeAsync(bytes);

        Assert.Equal("MK4", analysis.Print!.PrinterModel);
        Assert.Contains("more than the 4194304-byte limit; block skipped", Assert.Single(analysis.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_CorruptedDeflateData_ReportsAndContinues()
    {
        var bytes = new BGCodeWriter()
            .Block(BGCodeWriter.PrinterMetadata, BGCodeWriter.Deflate, new byte[2], new byte[100], storedOverride: [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0x00, 0x13])
            .Metadata(BGCodeWriter.PrintMetadata, BGCodeSamples.PrintMetadata, BGCodeWriter.Deflate)
            .ToArray();

        var analysis = await AnalyzeAsync(bytes);

        Assert.Equal(1234.56, analysis.Print!.FilamentLengthMm);
        Assert.Contains(analysis.Problems, p => p.Contains("PrinterMetadata block at offset 10", StringComparison.Ordinal) && (p.Contains("corrupted", StringComparison.Ordinal) || p.Contains("inflated size differs", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnalyzeAsync_DeclaredUncompressedSizeWrong_ReportsMismatch()
    {
        var ini = "printer_model=MK4\n"u8.ToArray();
        var bytes = new BGCodeWriter().Block(BGCodeWriter.PrinterMetadata, BGCodeWriter.Deflate, new byte[2], ini, uncompressedOverride: (uint)ini.Length + 5).ToArray();

        var analysis = await AnalyzeAsync(bytes);

        Assert.Contains(analysis.Problems, p => p.Contains("inflated size differs from the declared", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_HeatshrinkMetadata_ReportsUnsupported()
    {
        var bytes = new BGCodeWriter()
            .Block(BGCodeWriter.PrinterMetadata, BGCodeWriter.Heatshrink12, new byte[2], new byte[40], storedOverride: new byte[30])
            .ToArray();

        var analysis = await AnalyzeAsync(bytes);

        Assert.Contains(analysis.Problems, p => p.Contains("heatshrink compression", StringComparison.Ordinal));
        Assert.Contains(analysis.Problems, p => p.Contains("No readable metadata block", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_UnknownBlockType_StopsReading()
    {
        var bytes = new BGCodeWriter()
            .Metadata(BGCodeWriter.PrinterMetadata, BGCodeSamples.PrinterMetadata)
            .Block(42, BGCodeWriter.None, new byte[2], new byte[10])
            .Metadata(BGCodeWriter.PrintMetadata, BGCodeSamples.PrintMetadata)
            .ToArray();

        var analysis = await AnalyzeAsync(bytes);

        Assert.Equal("MK4", analysis.Print!.PrinterModel);
        Assert.Contains("Unknown block type 42", Assert.Single(analysis.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_UnknownEncodingOrBadJson_ReportsIt()
    {
        var bytes = new BGCodeWriter()
            .Metadata(BGCodeWriter.FileMetadata, BGCodeSamples.FileMetadata, encoding: 1)
            .Metadata(BGCodeWriter.PrinterMetadata, [("objects_info", "{\"objects\":[{\"name\":")])
            .GCodeText("G1\n")
            .ToArray();

        var analysis = await AnalyzeAsync(bytes);

        Assert.Empty(analysis.ObjectNames);
        Assert.Contains(analysis.Problems, p => p.Contains("metadata encoding 1", StringComparison.Ordinal));
        Assert.Contains(analysis.Problems, p => p.Contains("objects_info is not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_ThumbnailParametersDisagreeWithImage_ReportsAndUsesImage()
    {
        var bytes = new BGCodeWriter().Image(1, 300, 300, BGCodeSamples.Png).Image(2, 20, 10, [.. "qoif"u8, 0, 0]).ToArray();

        var analysis = await AnalyzeAsync(bytes);

        var thumbnail = Assert.Single(analysis.Thumbnails);
        Assert.Equal((16, 12), (thumbnail.Width, thumbnail.Height));
        Assert.Contains(analysis.Problems, p => p.Contains("declared as JPG but the data is PNG", StringComparison.Ordinal));
        Assert.Contains(analysis.Problems, p => p.Contains("declared as 300x300 but the image is 16x12", StringComparison.Ordinal));
        Assert.Contains(analysis.Problems, p => p.Contains("not a QOI image", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_GarbageAfterHeader_NeverThrows()
    {
        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            var garbage = new byte[random.Next(0, 400)];
            random.NextBytes(garbage);
            var bytes = new BGCodeWriter(checksums: i % 2 == 0).Raw(garbage).ToArray();

            var analysis = await AnalyzeAsync(bytes);

            Assert.Equal(FileKind.BGCode, analysis.Kind);
        }
    }

    [Fact]
    public async Task AnalyzeAsync_BlockHeaderFieldsAreLittleEndian()
    {
        var bytes = BGCodeSamples.Complete().ToArray();

        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal((ushort)BGCodeWriter.FileMetadata, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10)));
        Assert.Empty((await AnalyzeAsync(bytes)).Problems);
    }

    private static async Task<FileAnalysis> AnalyzeAsync(byte[] bytes)
    {
        await using var stream = new MemoryStream(bytes, writable: false);
        return await BGCodeReader.AnalyzeAsync(stream, CancellationToken.None);
    }
}
