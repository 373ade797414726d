using System.IO.Compression;
using System.Text;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.ThreeMf;
using static PrintStash.Ingestion.Tests.Formats.ThreeMf.TestPackage;

namespace PrintStash.Ingestion.Tests.Formats.ThreeMf;

public sealed class ThreeMfReaderSafetyTests
{
    private static readonly string CubeModel = Model(Box(1, 10, 10, 10, "Cube"), Item(1));

    [Fact]
    public async Task ReadAsync_ZipBombEntry_IsRefusedBeforeDecompressing()
    {
        // 16 MiB of spaces inside the model compress to ~16 KiB: a ratio near 1000.
        var bomb = Model(Box(1, 10, 10, 10) + "<!--" + new string(' ', 16 << 20) + "-->", Item(1));

        var result = await Read(WithModel(bomb));

        Assert.Contains(result.Analysis.Problems, p => p.Contains("zip bomb", StringComparison.Ordinal));
        Assert.Null(result.Analysis.Mesh);
    }

    [Fact]
    public async Task ReadAsync_ZipBombWithUnderstatedSize_StopsAtTheRatioLimitWhileDecompressing()
    {
        var bomb = Model(Box(1, 10, 10, 10) + "<!--" + new string(' ', 16 << 20) + "-->", Item(1));
        var lying = WithDeclaredUncompressedSize(WithModel(bomb), 1000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = await Read(lying);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotEmpty(result.Analysis.Problems);
        Assert.True(allocated < 48L << 20, $"Allocated {allocated} bytes while refusing a bomb.");
    }

    [Fact]
    public async Task ReadAsync_TotalUncompressedOverLimit_IsRefused()
    {
        var limits = new ThreeMfLimits { MaxTotalUncompressedBytes = 1000 };

        var result = await ThreeMfReader.ReadAsync(new MemoryStream(WithModel(CubeModel)), "cube.3mf", limits: limits);

        Assert.Contains(result.Analysis.Problems, p => p.Contains("uncompressed bytes", StringComparison.Ordinal));
        Assert.Null(result.Analysis.Mesh);
    }

    [Fact]
    public async Task ReadAsync_TooManyEntries_IsRefusedFromTheDirectoryRecord()
    {
        var entries = Enumerable.Range(0, 12).Select(i => Text($"Metadata/extra_{i}.txt", "x")).ToArray();
        var limits = new ThreeMfLimits { MaxEntries = 10 };

        var result = await ThreeMfReader.ReadAsync(new MemoryStream(WithModel(CubeModel, entries)), "many.3mf", limits: limits);

        Assert.Contains(result.Analysis.Problems, p => p.Contains("14 entries", StringComparison.Ordinal));
        Assert.Null(result.Analysis.Mesh);
    }

    [Fact]
    public async Task ReadAsync_ZipSlipEntryNames_AreIgnoredWithAProblem()
    {
        var package = WithModel(
            CubeModel,
            Text("../../evil.model", CubeModel),
            Text("/etc/passwd", "root"),
            Text("Metadata\\thumbnail.png", "not really"),
            Text("C:/Windows/evil.dll", "x"),
            Text("3D/./dot.model", "x"));

        var result = await Read(package);

        var problem = Assert.Single(result.Analysis.Problems);
        Assert.Contains("5 zip entries with unsafe names", problem, StringComparison.Ordinal);
        Assert.Contains("'../../evil.model'", problem, StringComparison.Ordinal);
        Assert.Equal(12, result.Analysis.Mesh!.TriangleCount);
        Assert.Empty(result.Analysis.Thumbnails);
    }

    [Fact]
    public async Task ReadAsync_RelationshipTargetEscapingThePackage_IsIgnored()
    {
        var relationships = RootRelationships.Replace("/3D/3dmodel.model", "../3D/3dmodel.model", StringComparison.Ordinal);
        var package = Zip(Text("_rels/.rels", relationships), Text("3D/3dmodel.model", CubeModel));

        var result = await Read(package);

        Assert.Contains(result.Analysis.Problems, p => p.Contains("not a safe part name", StringComparison.Ordinal));
        Assert.Equal(12, result.Analysis.Mesh!.TriangleCount); // falls back to the standard model part
    }

    [Fact]
    public async Task ReadAsync_ComponentInMissingPart_ReportsMissingPart()
    {
        var root = Model(
            """  <object id="2" type="model"><components><component objectid="1" p:path="/3D/Objects/missing.model"/></components></object>""",
            Item(2));

        var result = await Read(WithModel(root));

        Assert.Contains(result.Analysis.Problems, p => p.Contains("'3D/Objects/missing.model' is referenced but missing", StringComparison.Ordinal));
        Assert.Equal(0, result.Analysis.Mesh!.TriangleCount);
    }

    [Fact]
    public async Task ReadAsync_PackageWithoutModelPart_ReportsIt()
    {
        var result = await Read(Zip(Text("Metadata/readme.txt", "hello")));

        Assert.Contains(result.Analysis.Problems, p => p.Contains("no 3D model part", StringComparison.Ordinal));
        Assert.Null(result.Analysis.Mesh);
    }

    [Fact]
    public async Task ReadAsync_ModelWithDtd_IsRejected()
    {
        var withDtd = """
            <?xml version="1.0"?>
            <!DOCTYPE model [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
            <model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"><resources/><build/></model>
            """;

        var result = await Read(WithModel(withDtd));

        Assert.Contains(result.Analysis.Problems, p => p.Contains("could not be read", StringComparison.Ordinal) && p.Contains("DTD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_OversizedModelPart_IsRefused()
    {
        var limits = new ThreeMfLimits { MaxModelPartBytes = 500 };

        var result = await ThreeMfReader.ReadAsync(new MemoryStream(WithModel(CubeModel)), "cube.3mf", limits: limits);

        Assert.Contains(result.Analysis.Problems, p => p.Contains("too large", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData((ushort)0, (ushort)0)] // 1980-00-00 00:00:00, as OpenSCAD writes
    [InlineData((ushort)0xFFFF, (ushort)0xFFFF)] // month 15, day 31, hour 31, minute 63, second 62
    [InlineData((ushort)0xBFFF, (ushort)0x0021)] // 1980-01-01 23:63:62
    public async Task ReadAsync_InvalidZipDates_AreTolerated(ushort time, ushort date)
    {
        var package = WithDosDateTime(WithModel(CubeModel), time, date);

        var result = await Read(package);

        Assert.Empty(result.Analysis.Problems);
        Assert.Equal(12, result.Analysis.Mesh!.TriangleCount);
    }

    [Fact]
    public async Task ReadAsync_NotAZip_ReportsUnreadableArchive()
    {
        var result = await Read(Encoding.ASCII.GetBytes("solid definitely not a zip\nendsolid\n"));

        Assert.Equal(FileKind.ThreeMf, result.Analysis.Kind);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("not a readable zip", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_TruncatedZip_ReportsProblemWithoutThrowing()
    {
        var package = WithModel(CubeModel);

        var result = await Read(package.AsSpan(0, package.Length / 2).ToArray());

        Assert.NotEmpty(result.Analysis.Problems);
    }

    [Fact]
    public async Task ReadAsync_CorruptDeflateData_ReportsProblemWithoutThrowing()
    {
        var package = Zip(CompressionLevel.Optimal, Text("_rels/.rels", RootRelationships), Text("3D/3dmodel.model", CubeModel));
        var corrupt = (byte[])package.Clone();
        var model = corrupt.AsSpan().IndexOf("3D/3dmodel.model"u8);
        for (var i = model + 40; i < model + 200; i++)
        {
            corrupt[i] ^= 0x5A;
        }

        var result = await Read(corrupt);

        Assert.NotEmpty(result.Analysis.Problems);
    }

    [Fact]
    public async Task ReadAsync_EmptyFile_ReportsEmpty()
    {
        var result = await Read([]);

        Assert.Contains(result.Analysis.Problems, p => p.Contains("empty", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ReadAsync_OutOfRangeTriangleIndices_AreSkippedWithProblem()
    {
        var model = Model(
            """  <object id="1" type="model"><mesh><vertices><vertex x="0" y="0" z="0"/><vertex x="1" y="0" z="0"/><vertex x="0" y="1" z="0"/></vertices><triangles><triangle v1="0" v2="1" v3="2"/><triangle v1="0" v2="1" v3="3"/><triangle v1="-1" v2="1" v3="2"/></triangles></mesh></object>""",
            Item(1));

        var result = await Read(WithModel(model));

        Assert.Equal(1, result.Analysis.Mesh!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.StartsWith("2 triangle(s) refer to vertices that do not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_ComponentCycle_StopsAtDepthLimit()
    {
        var model = Model(
            Box(1, 1, 1, 1) +
            """  <object id="2" type="model"><components><component objectid="1"/><component objectid="3"/></components></object>""" +
            """  <object id="3" type="model"><components><component objectid="2"/></components></object>""",
            Item(2));

        var result = await Read(WithModel(model));

        Assert.Contains(result.Analysis.Problems, p => p.Contains("nest deeper", StringComparison.Ordinal));
        Assert.True(result.Analysis.Mesh!.TriangleCount > 0);
    }

    [Fact]
    public async Task ReadAsync_ExponentialComponentTree_StopsAtInstanceLimit()
    {
        // Each level holds its child twice: 2^16 instances if followed blindly.
        var levels = string.Concat(Enumerable.Range(2, 16).Select(i =>
            $"""  <object id="{i}" type="model"><components><component objectid="{i - 1}"/><component objectid="{i - 1}"/></components></object>"""));
        var limits = new ThreeMfLimits { MaxObjectInstances = 1000 };

        var result = await ThreeMfReader.ReadAsync(new MemoryStream(WithModel(Model(Box(1, 1, 1, 1) + levels, Item(17)))), "tree.3mf", limits: limits);

        Assert.Contains(result.Analysis.Problems, p => p.Contains("object instances", StringComparison.Ordinal));
    }

    private static Task<PrintStash.Ingestion.Formats.Mesh.MeshReadResult> Read(byte[] package) =>
        ThreeMfReader.ReadAsync(new MemoryStream(package), "test.3mf");
}
