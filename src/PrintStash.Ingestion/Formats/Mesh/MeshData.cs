namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>
/// A triangle soup ready for rendering, in millimetres: 9 floats per triangle (x0 y0 z0 x1 y1 z1 x2 y2 z2).
/// Readers skip triangles with non-finite coordinates, so every value here is finite.
/// </summary>
public sealed class MeshData
{
    public const int FloatsPerTriangle = 9;

    private readonly float[] _positions;

    /// <param name="positions">Vertex positions; may be longer than needed (only the first <paramref name="triangleCount"/> × 9 are used).</param>
    /// <param name="triangleCount">Number of triangles stored in <paramref name="positions"/>.</param>
    public MeshData(float[] positions, int triangleCount)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentOutOfRangeException.ThrowIfNegative(triangleCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)triangleCount * FloatsPerTriangle, positions.LongLength, nameof(triangleCount));
        _positions = positions;
        TriangleCount = triangleCount;
    }

    public static MeshData Empty { get; } = new([], 0);

    public int TriangleCount { get; }

    /// <summary>The used part of the position array, <see cref="TriangleCount"/> × 9 floats.</summary>
    public ReadOnlyMemory<float> Positions => _positions.AsMemory(0, TriangleCount * FloatsPerTriangle);
}
