using System.Text;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.Mesh;

namespace PrintStash.Ingestion.Tests.Formats.Mesh;

public sealed class ObjReaderTests
{
    private const string CubeWithQuadsAndNegativeIndices = """
        # 10 mm cube, quads, v/vt/vn and relative indices
        o Cube Part
        v 0 0 0
        v 10 0 0
        v 10 10 0
        v 0 10 0
        v 0 0 10
        v 10 0 10
        v 10 10 10
        v 0 10 10
        vt 0 0
        vn 0 0 1
        f -8/1/1 -5/1/1 -6/1/1 -7/1/1
        f 5//1 6//1 7//1 8//1
        f 1/1 2/1 6/1 5/1
        f 2 3 7 6
        f 3 4 8 7
        f 4 1 5 8
        """;

    [Theory]
    [InlineData("ps25_boat_hull.obj", "boat_hull.stl")]
    [InlineData("ps25_gear.obj", "gear.stl")]
    public void Read_PrusaSlicerExport_MatchesSourceStlAdmeshValues(string objFile, string sourceStl)
    {
        var result = ObjReader.Read(TestCorpus.File(objFile));

        Assert.Equal(FileKind.Obj, result.Analysis.Kind);
        Assert.Empty(result.Analysis.Problems);
        MeshAssert.MatchesAdmesh(sourceStl, result.Analysis.Mesh);
        Assert.Equal(result.Analysis.Mesh!.TriangleCount, result.Geometry!.TriangleCount);
    }

    [Fact]
    public void Read_QuadsWithSlashFormsAndNegativeIndices_FanTriangulatesCube()
    {
        var result = Read(CubeWithQuadsAndNegativeIndices);

        var mesh = result.Analysis.Mesh!;
        Assert.Empty(result.Analysis.Problems);
        Assert.Equal(12, mesh.TriangleCount);
        MeshAssert.Bounds(mesh.Bounds, (0, 0, 0), (10, 10, 10));
        Assert.Equal(1000, mesh.VolumeMm3!.Value, 1e-9);
        Assert.Equal(600, mesh.SurfaceMm2!.Value, 1e-9);
        Assert.Equal(["Cube Part"], result.Analysis.ObjectNames);
    }

    [Fact]
    public void Read_FaceWithOutOfRangeIndex_SkipsFaceAndReportsProblem()
    {
        var result = Read("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 2 4\nf 1 2 -4\nf 0 1 2\n");

        Assert.Equal(1, result.Analysis.Mesh!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.StartsWith("3 face(s) referring to vertices that do not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ForwardReference_IsOutOfRange()
    {
        var result = Read("v 0 0 0\nf 1 2 3\nv 1 0 0\nv 0 1 0\n");

        Assert.Equal(0, result.Analysis.Mesh!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("do not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_UnreadableFaceAndVertex_ReportsBothAndKeepsNumbering()
    {
        var result = Read("v 0 0 0\nv oops\nv 1 0 0\nv 0 1 0\nf 1 3 4\nf 1 2 3\nf a b c\n");

        Assert.Equal(1, result.Analysis.Mesh!.TriangleCount);
        MeshAssert.Bounds(result.Analysis.Mesh.Bounds, (0, 0, 0), (1, 1, 0));
        Assert.Contains(result.Analysis.Problems, p => p.Contains("vertex line(s)", StringComparison.Ordinal));
        Assert.Contains(result.Analysis.Problems, p => p.Contains("non-finite", StringComparison.Ordinal));
        Assert.Contains(result.Analysis.Problems, p => p.Contains("unreadable indices", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NaNVertex_NeverReachesResults()
    {
        var result = Read("v nan 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 2 3\nf 2 3 4\n");

        Assert.Equal(1, result.Analysis.Mesh!.TriangleCount);
        MeshAssert.AllFinite(result.Analysis.Mesh);
        Assert.All(result.Geometry!.Positions.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Read_OverlongLine_IsSkippedWithProblem()
    {
        var result = Read("v 0 0 0\nv 1 0 0\nv 0 1 0\n# " + new string('x', 2 * 1024 * 1024) + "\nf 1 2 3\n");

        Assert.Equal(1, result.Analysis.Mesh!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("longer than 1 MiB", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_EmptyFile_ReportsEmpty()
    {
        var result = ObjReader.Read(new MemoryStream());

        Assert.Equal(FileKind.Obj, result.Analysis.Kind);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("empty", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Read_VerticesWithoutFaces_ReportsNoFaces()
    {
        var result = Read("v 0 0 0\nv 1 0 0\n");

        Assert.Equal(0, result.Analysis.Mesh!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("no faces", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CrlfLineEnds_AreAccepted()
    {
        var result = Read(CubeWithQuadsAndNegativeIndices.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(12, result.Analysis.Mesh!.TriangleCount);
        Assert.Empty(result.Analysis.Problems);
    }

    private static MeshReadResult Read(string text) => ObjReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));
}
