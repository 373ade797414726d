namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>How much a mesh reader keeps besides the statistics.</summary>
public sealed record MeshReadOptions
{
    /// <summary>Statistics and triangles, up to 20 million triangles (720 MB of floats).</summary>
    public static MeshReadOptions Default { get; } = new();

    /// <summary>Statistics only: no triangle array is built.</summary>
    public static MeshReadOptions StatisticsOnly { get; } = new() { IncludeGeometry = false };

    /// <summary>Keep the triangles (<see cref="MeshReadResult.Geometry"/>) for rendering.</summary>
    public bool IncludeGeometry { get; init; } = true;

    /// <summary>Above this many triangles the geometry is dropped (statistics are still complete) and a problem is reported.</summary>
    public int MaxGeometryTriangles { get; init; } = 20_000_000;
}
