using PrintStash.Ingestion.Formats;

namespace PrintStash.Ingestion.Tests.Formats.Mesh;

/// <summary>Assertions shared by the mesh format tests.</summary>
internal static class MeshAssert
{
    /// <summary>Bounding box within <paramref name="tolerance"/> mm of the expected corners.</summary>
    public static void Bounds(BoundingBox? actual, (double X, double Y, double Z) min, (double X, double Y, double Z) max, double tolerance = 1e-5)
    {
        Assert.NotNull(actual);
        Assert.Equal(min.X, actual.Min.X, tolerance);
        Assert.Equal(min.Y, actual.Min.Y, tolerance);
        Assert.Equal(min.Z, actual.Min.Z, tolerance);
        Assert.Equal(max.X, actual.Max.X, tolerance);
        Assert.Equal(max.Y, actual.Max.Y, tolerance);
        Assert.Equal(max.Z, actual.Max.Z, tolerance);
    }

    /// <summary>Relative closeness (admesh sums in single precision, this code in double: they differ in the 6th digit).</summary>
    public static void Close(double expected, double? actual, double relative = 1e-5)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(expected - actual.Value) <= Math.Abs(expected) * relative, $"Expected {expected} ± {relative:P4}, got {actual}.");
    }

    /// <summary>The admesh values of an STL from the manifest: bbox, facet count, volume.</summary>
    public static void MatchesAdmesh(string stlFile, MeshMetadata? mesh)
    {
        Assert.NotNull(mesh);
        Assert.Equal((long)TestCorpus.Admesh(stlFile, "facets"), mesh.TriangleCount);
        Bounds(
            mesh.Bounds,
            (TestCorpus.Admesh(stlFile, "min_x"), TestCorpus.Admesh(stlFile, "min_y"), TestCorpus.Admesh(stlFile, "min_z")),
            (TestCorpus.Admesh(stlFile, "max_x"), TestCorpus.Admesh(stlFile, "max_y"), TestCorpus.Admesh(stlFile, "max_z")));
        Close(TestCorpus.Admesh(stlFile, "volume"), mesh.VolumeMm3);
        Assert.True(mesh.SurfaceMm2 > 0);
        Assert.Equal("mm", mesh.Unit);
    }

    /// <summary>Every value is finite (no NaN leaks into results).</summary>
    public static void AllFinite(MeshMetadata mesh)
    {
        if (mesh.Bounds is { } b)
        {
            Assert.All(new[] { b.Min.X, b.Min.Y, b.Min.Z, b.Max.X, b.Max.Y, b.Max.Z }, v => Assert.True(double.IsFinite(v)));
        }

        Assert.True(mesh.VolumeMm3 is null || double.IsFinite(mesh.VolumeMm3.Value));
        Assert.True(mesh.SurfaceMm2 is null || double.IsFinite(mesh.SurfaceMm2.Value));
    }
}
