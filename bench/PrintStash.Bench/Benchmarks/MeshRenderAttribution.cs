using System.Diagnostics;
using System.IO.Compression;
using PrintStash.Bench.Support;
using PrintStash.Ingestion.Formats.Mesh;
using PrintStash.Ingestion.Imaging;
using PrintStash.Ingestion.Thumbnails;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// Where the render time of a small mesh goes: the fixed cost of one thumbnail (clear a 1024² sample raster, resolve it
/// twice, encode two PNGs) versus rasterizing the triangles. Printed after the mesh table, for the report.
/// </summary>
internal static class MeshRenderAttribution
{
    private const int Runs = 15;

    public static void Print(string smallMesh)
    {
        var mesh = StlReader.Read(smallMesh, MeshReadOptions.Default).Geometry!;
        var triangle = new MeshData([0, 0, 0, 10, 0, 0, 0, 10, 10], 1);
        var table = new ResultTable("Step (median of 15, in process, warm)", "Time");
        table.Add($"Render {Path.GetFileName(smallMesh)} ({Stats.Int(mesh.TriangleCount)} triangles), default options (512 + 128 px, 2× supersampling)", Stats.Ms(Median(() => MeshThumbnailRenderer.Render(mesh))));
        table.Add("Render one triangle, default options = fixed cost per thumbnail", Stats.Ms(Median(() => MeshThumbnailRenderer.Render(triangle))));
        table.Add($"Render {Path.GetFileName(smallMesh)}, supersampling 1 (512² raster)", Stats.Ms(Median(() => MeshThumbnailRenderer.Render(mesh, new ThumbnailRenderOptions { Supersampling = 1 }))));
        table.Add("Render one triangle, supersampling 1", Stats.Ms(Median(() => MeshThumbnailRenderer.Render(triangle, new ThumbnailRenderOptions { Supersampling = 1 }))));
        var large = ShadedDisc(512);
        var small = ShadedDisc(128);
        table.Add("PngEncoder.EncodeRgba 512×512 (shaded disc on transparent, like a thumbnail)", Stats.Ms(Median(() => PngEncoder.EncodeRgba(large, 512, 512))));
        table.Add("PngEncoder.EncodeRgba 128×128", Stats.Ms(Median(() => PngEncoder.EncodeRgba(small, 128, 128))));
        table.Add("  for comparison: zlib of the same 512² RGBA bytes, CompressionLevel.Optimal (PngEncoder's level)", Stats.Ms(Median(() => Deflate(large, CompressionLevel.Optimal))));
        table.Add("  for comparison: zlib of the same 512² RGBA bytes, CompressionLevel.Fastest", Stats.Ms(Median(() => Deflate(large, CompressionLevel.Fastest))));
        table.Print();
    }

    private static double Median(Action action)
    {
        action();
        var times = new List<double>();
        var stopwatch = new Stopwatch();
        for (var i = 0; i < Runs; i++)
        {
            stopwatch.Restart();
            action();
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return Stats.Median(times);
    }

    private static long Deflate(byte[] data, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, level, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.Length;
    }

    private static byte[] ShadedDisc(int size)
    {
        var rgba = new byte[size * size * 4];
        var r = size * 0.44;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var dx = (x - (size / 2.0)) / r;
                var dy = (y - (size / 2.0)) / r;
                var d2 = (dx * dx) + (dy * dy);
                if (d2 > 1)
                {
                    continue;
                }

                var shade = 0.35 + (0.65 * Math.Sqrt(1 - d2) * (0.6 - (0.3 * dx) - (0.3 * dy)));
                var o = ((y * size) + x) * 4;
                rgba[o] = (byte)Math.Clamp(0x6A * shade * 1.6, 0, 255);
                rgba[o + 1] = (byte)Math.Clamp(0x9B * shade * 1.6, 0, 255);
                rgba[o + 2] = (byte)Math.Clamp(0xE0 * shade * 1.6, 0, 255);
                rgba[o + 3] = 255;
            }
        }

        return rgba;
    }
}
