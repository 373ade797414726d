using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.Mesh;
using PrintStash.Ingestion.Formats.ThreeMf;
using PrintStash.Ingestion.Tests.Formats.Mesh;
using static PrintStash.Ingestion.Tests.Formats.ThreeMf.TestPackage;

namespace PrintStash.Ingestion.Tests.Formats.ThreeMf;

public sealed class ThreeMfReaderModelTests
{
    [Fact]
    public async Task ReadAsync_ProductionPartWithComponentAndItemTransforms_PlacesMeshInMillimetres()
    {
        // Bambu/Orca layout: the mesh lives in 3D/Objects/object_1.model, the root object only references it.
        var objectPart = Model(Box(1, 2, 2, 2), string.Empty, unit: "centimeter");
        var root = Model(
            """  <object id="2" type="model"><components><component p:path="/3D/Objects/object_1.model" objectid="1" transform="1 0 0 0 1 0 0 0 1 3 0 0"/></components></object>""",
            Item(2, "1 0 0 0 1 0 0 0 1 0 0 1"),
            unit: "centimeter");
        var package = WithModel(root, Text("3D/Objects/object_1.model", objectPart));

        var result = await Read(package);

        var mesh = result.Analysis.Mesh!;
        Assert.Empty(result.Analysis.Problems);
        Assert.Equal(12, mesh.TriangleCount);
        MeshAssert.Bounds(mesh.Bounds, (30, 0, 10), (50, 20, 30));
        Assert.Equal(8000, mesh.VolumeMm3!.Value, 1e-6);
        Assert.Equal(2400, mesh.SurfaceMm2!.Value, 1e-6);
        Assert.Equal("mm", mesh.Unit);
    }

    [Theory]
    [InlineData("micron", 0.001)]
    [InlineData("millimeter", 1)]
    [InlineData("centimeter", 10)]
    [InlineData("inch", 25.4)]
    [InlineData("foot", 304.8)]
    [InlineData("meter", 1000)]
    public async Task ReadAsync_ModelUnit_IsConvertedToMillimetres(string unit, double millimetres)
    {
        var result = await Read(WithModel(Model(Box(1, 1, 2, 3), Item(1), unit)));

        MeshAssert.Bounds(result.Analysis.Mesh!.Bounds, (0, 0, 0), (millimetres, 2 * millimetres, 3 * millimetres), 1e-9 + (1e-6 * millimetres));
    }

    [Fact]
    public async Task ReadAsync_RotatedItem_UsesRowVectorConvention()
    {
        // transform="m00 m01 m02 m10 m11 m12 m20 m21 m22 m30 m31 m32": x' = m00·x + m10·y + m20·z + m30.
        // 90° about Z: x' = −y, y' = x.
        var result = await Read(WithModel(Model(Box(1, 10, 20, 5), Item(1, "0 1 0 -1 0 0 0 0 1 100 0 0"))));

        MeshAssert.Bounds(result.Analysis.Mesh!.Bounds, (80, 0, 0), (100, 10, 5));
    }

    [Fact]
    public async Task ReadAsync_MirroredItem_StillCountsPositiveVolume()
    {
        var result = await Read(WithModel(Model(Box(1, 10, 10, 10), Item(1) + Item(1, "-1 0 0 0 1 0 0 0 1 -5 0 0"))));

        var mesh = result.Analysis.Mesh!;
        Assert.Equal(24, mesh.TriangleCount);
        Assert.Equal(2000, mesh.VolumeMm3!.Value, 1e-6);
        MeshAssert.Bounds(mesh.Bounds, (-15, 0, 0), (10, 10, 10));
    }

    [Fact]
    public async Task ReadAsync_ObjectPlacedTwice_IsCountedTwiceButNamedOnce()
    {
        var result = await Read(WithModel(Model(Box(1, 1, 1, 1, "Peg"), Item(1) + Item(1, "1 0 0 0 1 0 0 0 1 5 0 0"))));

        Assert.Equal(24, result.Analysis.Mesh!.TriangleCount);
        Assert.Equal(["Peg"], result.Analysis.ObjectNames);
    }

    [Fact]
    public async Task ReadAsync_MalformedTransform_SkipsItemWithProblem()
    {
        var result = await Read(WithModel(Model(Box(1, 1, 1, 1), Item(1, "1 0 0 nope") + Item(1))));

        Assert.Equal(12, result.Analysis.Mesh!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("malformed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_NaNVertex_IsDroppedFromResults()
    {
        var model = Model(
            """  <object id="1" type="model"><mesh><vertices><vertex x="0" y="0" z="0"/><vertex x="NaN" y="0" z="0"/><vertex x="0" y="1" z="0"/><vertex x="1" y="0" z="0"/></vertices><triangles><triangle v1="0" v2="1" v3="2"/><triangle v1="0" v2="3" v3="2"/></triangles></mesh></object>""",
            Item(1));

        var result = await Read(WithModel(model));

        Assert.Equal(1, result.Analysis.Mesh!.TriangleCount);
        MeshAssert.AllFinite(result.Analysis.Mesh);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("non-finite", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_NamesOnlyInModelSettings_AreUsed()
    {
        var settings = """
            <?xml version="1.0" encoding="UTF-8"?>
            <config>
              <object id="1">
                <metadata key="name" value="Bracket v2"/>
                <metadata key="extruder" value="1"/>
                <part id="1" subtype="normal_part"><metadata key="name" value="inner part name"/></part>
              </object>
            </config>
            """;

        var result = await Read(WithModel(Model(Box(1, 1, 1, 1), Item(1)), Text("Metadata/model_settings.config", settings)));

        Assert.Equal(["Bracket v2"], result.Analysis.ObjectNames);
    }

    [Fact]
    public async Task ReadAsync_StatisticsOnly_ReturnsNoGeometry()
    {
        var result = await ThreeMfReader.ReadAsync(new MemoryStream(WithModel(Model(Box(1, 1, 1, 1), Item(1)))), "a.3mf", MeshReadOptions.StatisticsOnly);

        Assert.Null(result.Geometry);
        Assert.Equal(12, result.Analysis.Mesh!.TriangleCount);
    }

    [Fact]
    public async Task ReadAsync_NonSeekableStream_IsBufferedAndRead()
    {
        var package = WithModel(Model(Box(1, 1, 1, 1), Item(1)));

        var result = await ThreeMfReader.ReadAsync(new NonSeekableStream(new MemoryStream(package)), "a.3mf");

        Assert.Equal(12, result.Analysis.Mesh!.TriangleCount);
        Assert.Equal(FileKind.ThreeMf, result.Analysis.Kind);
    }

    private static Task<MeshReadResult> Read(byte[] package) => ThreeMfReader.ReadAsync(new MemoryStream(package), "test.3mf");
}
