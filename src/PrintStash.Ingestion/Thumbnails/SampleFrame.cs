using System.Buffers;

namespace PrintStash.Ingestion.Thumbnails;

/// <summary>
/// One worker's raster: a depth per sample (+∞ = empty) and the flat shade (0–255) of the triangle that won it.
/// Buffers come from the shared array pool and go back on <see cref="Dispose"/>.
/// </summary>
internal sealed class SampleFrame : IDisposable
{
    private float[] _depth;
    private byte[] _shade;

    public SampleFrame(int size)
    {
        Size = size;
        var samples = size * size;
        _depth = ArrayPool<float>.Shared.Rent(samples);
        _shade = ArrayPool<byte>.Shared.Rent(samples);
        Depth.Fill(float.PositiveInfinity);
    }

    public int Size { get; }

    public Span<float> Depth => _depth.AsSpan(0, Size * Size);

    public Span<byte> Shade => _shade.AsSpan(0, Size * Size);

    /// <summary>Keeps, per sample, the nearer of this frame and <paramref name="later"/>; ties stay with this frame (earlier triangles).</summary>
    public void MergeFrom(SampleFrame later)
    {
        var depth = Depth;
        var shade = Shade;
        var otherDepth = later.Depth;
        var otherShade = later.Shade;
        for (var i = 0; i < depth.Length; i++)
        {
            if (otherDepth[i] < depth[i])
            {
                depth[i] = otherDepth[i];
                shade[i] = otherShade[i];
            }
        }
    }

    public void Dispose()
    {
        if (_depth.Length > 0)
        {
            ArrayPool<float>.Shared.Return(_depth);
            ArrayPool<byte>.Shared.Return(_shade);
            _depth = [];
            _shade = [];
        }
    }
}
