using System.Buffers.Binary;
using System.Text;
using PrintStash.Ingestion.Formats.Mesh;

namespace PrintStash.Ingestion.Tests.Formats.Mesh;

public sealed class StlReaderBadInputTests
{
    [Fact]
    public void Read_EmptyStream_ReportsEmptyFile()
    {
        var result = StlReader.Read(new MemoryStream());

        Assert.Contains(result.Analysis.Problems, p => p.Contains("empty", StringComparison.OrdinalIgnoreCase));
        Assert.Null(result.Analysis.Mesh);
        Assert.Null(result.Geometry);
    }

    [Fact]
    public void Read_TinyNonStl_ReportsProblemWithoutThrowing()
    {
        var result = StlReader.Read(new MemoryStream("hello"u8.ToArray()));

        Assert.NotEmpty(result.Analysis.Problems);
        Assert.Null(result.Analysis.Mesh);
    }

    [Fact]
    public void Read_BinaryDeclaringBillionTriangles_ReadsOnlyWhatIsPresentWithoutHugeAllocation()
    {
        var bytes = BinaryStl(3, declaredCount: 1_000_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = StlReader.Read(new MemoryStream(bytes));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(3, result.Analysis.Mesh!.TriangleCount);
        Assert.Equal(3, result.Geometry!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("1000000000", StringComparison.Ordinal));
        Assert.True(allocated < 4_000_000, $"Allocated {allocated} bytes for a 234-byte file.");
    }

    [Fact]
    public void Read_NonSeekableBinaryWithLyingCount_StopsAtEndOfDataWithoutHugeAllocation()
    {
        var bytes = BinaryStl(5, declaredCount: 2_000_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = StlReader.Read(new NonSeekableStream(new MemoryStream(bytes)));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(5, result.Analysis.Mesh!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("ends after 5", StringComparison.Ordinal));
        Assert.True(allocated < 4_000_000, $"Allocated {allocated} bytes for a 334-byte stream.");
    }

    [Fact]
    public void Read_BinaryTruncatedMidTriangle_KeepsCompleteTriangles()
    {
        var bytes = BinaryStl(4);
        var truncated = bytes.AsSpan(0, bytes.Length - 20).ToArray();

        var result = StlReader.Read(new MemoryStream(truncated));

        Assert.Equal(3, result.Analysis.Mesh!.TriangleCount);
        Assert.NotEmpty(result.Analysis.Problems);
    }

    [Fact]
    public void Read_BinaryHeaderDeclaringZeroTriangles_ReadsTheTrianglesPresent()
    {
        var result = StlReader.Read(new MemoryStream(BinaryStl(2, declaredCount: 0)));

        Assert.Equal(2, result.Analysis.Mesh!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("declares 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_RandomGarbage_ReturnsFiniteResultsWithProblems()
    {
        var garbage = new byte[10_000];
        new Random(1234).NextBytes(garbage);

        var result = StlReader.Read(new MemoryStream(garbage));

        Assert.NotEmpty(result.Analysis.Problems);
        MeshAssert.AllFinite(result.Analysis.Mesh!);
        Assert.All(result.Geometry!.Positions.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Read_BinaryWithNaNCoordinates_SkipsThoseTriangles()
    {
        var bytes = BinaryStl(3);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(84 + 50 + 12 + 4), float.NaN);

        var result = StlReader.Read(new MemoryStream(bytes));

        Assert.Equal(2, result.Analysis.Mesh!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("non-finite", StringComparison.Ordinal));
        MeshAssert.AllFinite(result.Analysis.Mesh);
    }

    [Fact]
    public void Read_AsciiWithNaNVertex_SkipsFacetAndReportsProblem()
    {
        var ascii = """
            solid broken
              facet normal 0 0 1
                outer loop
                  vertex 0 0 0
                  vertex 10 0 0
                  vertex 0 10 0
                endloop
              endfacet
              facet normal 0 0 1
                outer loop
                  vertex 0 0 0
                  vertex nan 0 0
                  vertex 0 1e3 0
                endloop
              endfacet
            endsolid broken
            """;

        var result = StlReader.Read(new MemoryStream(Encoding.ASCII.GetBytes(ascii)));

        var mesh = result.Analysis.Mesh!;
        Assert.Equal(1, mesh.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("non-finite", StringComparison.Ordinal));
        MeshAssert.AllFinite(mesh);
        MeshAssert.Bounds(mesh.Bounds, (0, 0, 0), (10, 10, 0));
        Assert.Equal(50, mesh.SurfaceMm2!.Value, 1e-9);
    }

    [Fact]
    public void Read_AsciiLoopWithFourVertices_FanTriangulates()
    {
        var ascii = "solid quad\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 2 0 0\nvertex 2 2 0\nvertex 0 2 0\nendloop\nendfacet\nendsolid\n";

        var result = StlReader.Read(new MemoryStream(Encoding.ASCII.GetBytes(ascii)));

        Assert.Equal(2, result.Analysis.Mesh!.TriangleCount);
        Assert.Equal(4, result.Analysis.Mesh.SurfaceMm2!.Value, 1e-9);
    }

    [Fact]
    public void Read_AsciiWithOverlongLine_SkipsItAndKeepsReading()
    {
        var ascii = "solid long\n" + new string('x', 100_000) + "\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid\n";

        var result = StlReader.Read(new MemoryStream(Encoding.ASCII.GetBytes(ascii)));

        Assert.Equal(1, result.Analysis.Mesh!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("longer than", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_AsciiWithoutFacets_ReportsNoFacets()
    {
        var result = StlReader.Read(new MemoryStream("solid nothing\nendsolid nothing\n"u8.ToArray()));

        Assert.Equal(0, result.Analysis.Mesh!.TriangleCount);
        Assert.Null(result.Analysis.Mesh.Bounds);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("no facets", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_StatisticsOnly_KeepsNoGeometry()
    {
        var result = StlReader.Read(new MemoryStream(BinaryStl(3)), MeshReadOptions.StatisticsOnly);

        Assert.Null(result.Geometry);
        Assert.Equal(3, result.Analysis.Mesh!.TriangleCount);
    }

    [Fact]
    public void Read_MoreTrianglesThanGeometryCap_DropsGeometryButMeasuresAll()
    {
        var options = new MeshReadOptions { MaxGeometryTriangles = 2 };

        var result = StlReader.Read(new MemoryStream(BinaryStl(3)), options);

        Assert.Null(result.Geometry);
        Assert.Equal(3, result.Analysis.Mesh!.TriangleCount);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("not kept for rendering", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_BinaryTriangles_ArePassedThroughInOrder()
    {
        var result = StlReader.Read(new MemoryStream(BinaryStl(2)));

        Assert.Equal(new float[] { 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 2, 0, 0, 1, 1, 0 }, result.Geometry!.Positions.ToArray());
    }

    /// <summary>A binary STL with <paramref name="triangles"/> unit right triangles shifted along X.</summary>
    private static byte[] BinaryStl(int triangles, uint? declaredCount = null)
    {
        var bytes = new byte[84 + (50 * triangles)];
        "test binary"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(80), declaredCount ?? (uint)triangles);
        for (var t = 0; t < triangles; t++)
        {
            var record = bytes.AsSpan(84 + (50 * t));
            float[] values = [0, 0, 1, t, 0, 0, t + 1, 0, 0, t, 1, 0];
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(record[(i * 4)..], values[i]);
            }
        }

        return bytes;
    }
}
