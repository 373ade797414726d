using PrintStash.Ingestion.Formats.Mesh;
using PrintStash.Ingestion.Tests.Formats.Mesh;
using PrintStash.Ingestion.Thumbnails;

namespace PrintStash.Ingestion.Tests.Thumbnails;

public sealed class MeshThumbnailRendererTests
{
    [Fact]
    public void Render_CorpusMesh_WritesPngsOfTheConfiguredSizes()
    {
        var rendered = MeshThumbnailRenderer.Render(Load("gear.stl"));

        var (width, height, _) = PngTestDecoder.Decode(rendered.LargePng);
        Assert.Equal((512, 512), (width, height));
        Assert.Equal(512, rendered.LargeSize);
        var (smallWidth, smallHeight, _) = PngTestDecoder.Decode(rendered.SmallPng);
        Assert.Equal((128, 128), (smallWidth, smallHeight));
        Assert.Equal(128, rendered.SmallSize);
    }

    [Theory]
    [InlineData("cube_text.stl")]
    [InlineData("bracket.stl")]
    [InlineData("boat_hull.stl")]
    [InlineData("sphere_hipoly.stl")]
    [InlineData("tower_thin.stl")]
    public void Render_CorpusMesh_HasTransparentCornersAndOpaqueObjectInTheMiddle(string file)
    {
        var rendered = MeshThumbnailRenderer.Render(Load(file));

        foreach (var png in new[] { rendered.LargePng, rendered.SmallPng })
        {
            var (size, _, rgba) = PngTestDecoder.Decode(png);
            foreach (var (x, y) in new[] { (0, 0), (size - 1, 0), (0, size - 1), (size - 1, size - 1) })
            {
                Assert.Equal(0, Alpha(rgba, size, x, y));
            }

            var centre = Enumerable.Range(size * 9 / 20, size / 10).SelectMany(y => Enumerable.Range(size * 9 / 20, size / 10).Select(x => Alpha(rgba, size, x, y))).ToList();
            Assert.True(centre.Count(a => a == 255) > centre.Count / 2, $"Only {centre.Count(a => a == 255)} of {centre.Count} centre pixels are opaque.");
        }
    }

    [Fact]
    public void Render_SameMesh_IsByteIdenticalEachTime()
    {
        var mesh = Load("vase.stl");

        var first = MeshThumbnailRenderer.Render(mesh);
        var second = MeshThumbnailRenderer.Render(mesh);

        Assert.Equal(first.LargePng, second.LargePng);
        Assert.Equal(first.SmallPng, second.SmallPng);
    }

    [Fact]
    public void Render_ParallelAndSingleThreaded_GiveIdenticalImages()
    {
        var mesh = UvSphere(300); // 180,000 triangles: split over three workers when allowed

        var single = MeshThumbnailRenderer.Render(mesh, new ThumbnailRenderOptions { MaxDegreeOfParallelism = 1 });
        var parallel = MeshThumbnailRenderer.Render(mesh, new ThumbnailRenderOptions { MaxDegreeOfParallelism = 4 });

        Assert.Equal(single.LargePng, parallel.LargePng);
    }

    [Fact]
    public void Render_TopFaceOfCube_IsLighterThanTheSides()
    {
        // Z is up and the camera looks from above: the top face is the upper third of the image and gets the most light.
        var (size, _, rgba) = PngTestDecoder.Decode(MeshThumbnailRenderer.Render(Cube(10)).LargePng);

        var top = Brightness(rgba, size, size / 2, size / 5);
        var left = Brightness(rgba, size, size / 4, size * 3 / 5);
        var right = Brightness(rgba, size, size * 3 / 4, size * 3 / 5);
        Assert.True(top > left && left > right, $"top {top}, left (front) {left}, right {right}");
    }

    [Fact]
    public void Render_TallObject_IsTallInTheImage()
    {
        var (size, _, rgba) = PngTestDecoder.Decode(MeshThumbnailRenderer.Render(Load("tower_thin.stl")).LargePng);

        var rows = Enumerable.Range(0, size).Where(y => Enumerable.Range(0, size).Any(x => Alpha(rgba, size, x, y) > 0)).ToList();
        var columns = Enumerable.Range(0, size).Where(x => Enumerable.Range(0, size).Any(y => Alpha(rgba, size, x, y) > 0)).ToList();
        Assert.True(rows.Count > 3 * columns.Count, $"{rows.Count} rows × {columns.Count} columns");
    }

    [Fact]
    public void Render_SmallPartFarFromOrigin_LooksLikeTheSamePartAtOrigin()
    {
        var atOrigin = Cube(10);
        var farAway = new MeshData(atOrigin.Positions.ToArray().Select((v, i) => i % 3 == 0 ? v + 100_000 : v).ToArray(), atOrigin.TriangleCount);

        Assert.Equal(MeshThumbnailRenderer.Render(atOrigin).LargePng, MeshThumbnailRenderer.Render(farAway).LargePng);
    }

    [Fact]
    public void Render_EmptyMesh_GivesFullyTransparentImages()
    {
        var rendered = MeshThumbnailRenderer.Render(MeshData.Empty);

        var (size, _, rgba) = PngTestDecoder.Decode(rendered.LargePng);
        Assert.Equal(512, size);
        Assert.All(Enumerable.Range(0, size * size), i => Assert.Equal(0, rgba[(i * 4) + 3]));
    }

    [Fact]
    public void Render_NonFiniteAndDegenerateTriangles_AreIgnored()
    {
        float[] positions =
        [
            0, 0, 0, 10, 0, 0, 0, 10, 0,
            float.NaN, 0, 0, 1, 1, 1, 2, 2, 2,
            5, 5, 5, 5, 5, 5, 5, 5, 5,
            float.PositiveInfinity, 0, 0, 0, float.NegativeInfinity, 0, 0, 0, 1,
        ];

        var rendered = MeshThumbnailRenderer.Render(new MeshData(positions, 4));

        var (size, _, rgba) = PngTestDecoder.Decode(rendered.LargePng);
        Assert.Contains(Enumerable.Range(0, size * size), i => rgba[(i * 4) + 3] == 255);
    }

    [Fact]
    public void Render_CustomSizes_AreHonoured()
    {
        var options = new ThumbnailRenderOptions { LargeSize = 300, SmallSize = 64, Supersampling = 3 };

        var rendered = MeshThumbnailRenderer.Render(Cube(1), options);

        Assert.Equal(300, PngTestDecoder.Decode(rendered.LargePng).Width);
        Assert.Equal(64, PngTestDecoder.Decode(rendered.SmallPng).Width);
    }

    [Fact]
    public void Render_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => MeshThumbnailRenderer.Render(Cube(1), cancellationToken: cancellation.Token));
    }

    private static MeshData Load(string file) => StlReader.Read(TestCorpus.File(file)).Geometry!;

    private static int Alpha(byte[] rgba, int size, int x, int y) => rgba[(((y * size) + x) * 4) + 3];

    private static int Brightness(byte[] rgba, int size, int x, int y)
    {
        var o = ((y * size) + x) * 4;
        Assert.Equal(255, rgba[o + 3]);
        return rgba[o] + rgba[o + 1] + rgba[o + 2];
    }

    /// <summary>A UV sphere of radius 10 with <paramref name="segments"/> rings and segments (2·n² triangles).</summary>
    private static MeshData UvSphere(int segments)
    {
        var positions = new List<float>(segments * segments * 18);
        (float X, float Y, float Z) Point(int ring, int segment)
        {
            var theta = Math.PI * ring / segments;
            var phi = 2 * Math.PI * segment / segments;
            return ((float)(10 * Math.Sin(theta) * Math.Cos(phi)), (float)(10 * Math.Sin(theta) * Math.Sin(phi)), (float)(10 * Math.Cos(theta)));
        }

        for (var ring = 0; ring < segments; ring++)
        {
            for (var segment = 0; segment < segments; segment++)
            {
                var (a, b, c, d) = (Point(ring, segment), Point(ring + 1, segment), Point(ring + 1, segment + 1), Point(ring, segment + 1));
                positions.AddRange([a.X, a.Y, a.Z, b.X, b.Y, b.Z, c.X, c.Y, c.Z, a.X, a.Y, a.Z, c.X, c.Y, c.Z, d.X, d.Y, d.Z]);
            }
        }

        return new MeshData([.. positions], positions.Count / 9);
    }

    private static MeshData Cube(float s)
    {
        float[][] v = [[0, 0, 0], [s, 0, 0], [s, s, 0], [0, s, 0], [0, 0, s], [s, 0, s], [s, s, s], [0, s, s]];
        int[] t = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 2, 3, 7, 2, 7, 6, 0, 4, 7, 0, 7, 3, 1, 2, 6, 1, 6, 5];
        return new MeshData(t.SelectMany(i => v[i]).ToArray(), t.Length / 3);
    }
}
