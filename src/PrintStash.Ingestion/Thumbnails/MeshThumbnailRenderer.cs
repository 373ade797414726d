using PrintStash.Ingestion.Formats.Mesh;
using PrintStash.Ingestion.Imaging;

namespace PrintStash.Ingestion.Thumbnails;

/// <summary>
/// Software thumbnail renderer (no GPU, no native code): orthographic view from the front-right and above with Z up,
/// fitted to the mesh, z-buffered flat Lambert shading, supersampled, transparent background, PNG output.
/// Large meshes are split into contiguous triangle ranges rasterized in parallel and merged by depth (ties to the
/// earlier range), so the output is identical whatever the thread count.
/// </summary>
public static class MeshThumbnailRenderer
{
    private const int MinTrianglesPerWorker = 50_000;
    private const int MaxWorkers = 4;

    public static RenderedThumbnails Render(MeshData mesh, ThumbnailRenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        options ??= ThumbnailRenderOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LargeSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SmallSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Supersampling, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Supersampling, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.LargeSize, 4096);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.SmallSize, options.LargeSize * options.Supersampling);

        var sampleSize = options.LargeSize * options.Supersampling;
        var cores = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Math.Min(Environment.ProcessorCount, MaxWorkers);
        var workers = Math.Clamp(mesh.TriangleCount / MinTrianglesPerWorker, 1, cores);
        var positions = mesh.Positions;
        var view = ViewProjection.Fit(positions, sampleSize, Math.Clamp(options.Margin, 0, 0.45), cores);
        var shading = FlatShading.Create();

        var frames = new SampleFrame[workers];
        try
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, worker =>
            {
                var frame = new SampleFrame(sampleSize);
                frames[worker] = frame;
                var first = (int)((long)mesh.TriangleCount * worker / workers);
                var last = (int)((long)mesh.TriangleCount * (worker + 1) / workers);
                var range = positions.Span[(first * MeshData.FloatsPerTriangle)..(last * MeshData.FloatsPerTriangle)];
                TriangleRasterizer.Draw(range, frame, view, shading, cancellationToken);
            });

            for (var i = 1; i < workers; i++)
            {
                frames[0].MergeFrom(frames[i]);
            }

            byte[] large = [], small = [];
            Parallel.Invoke(
                new ParallelOptions { CancellationToken = cancellationToken },
                () => large = PngEncoder.EncodeRgba(FrameResolver.Resolve(frames[0], options.LargeSize, options.BaseColor), options.LargeSize, options.LargeSize),
                () => small = PngEncoder.EncodeRgba(FrameResolver.Resolve(frames[0], options.SmallSize, options.BaseColor), options.SmallSize, options.SmallSize));
            return new RenderedThumbnails(large, options.LargeSize, small, options.SmallSize);
        }
        finally
        {
            foreach (var frame in frames)
            {
                frame?.Dispose();
            }
        }
    }
}
