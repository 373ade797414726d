namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Safety limits for reading 3MF packages (zip bombs, huge XML, instancing blow-ups). Every limit that trips is
/// reported as a problem; nothing beyond these sizes is ever decompressed or kept.
/// </summary>
public sealed record ThreeMfLimits
{
    public static ThreeMfLimits Default { get; } = new();

    /// <summary>Archives with more entries than this are not opened (checked from the end-of-central-directory record first).</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Limit on the uncompressed size declared by all entries together, and on the bytes really decompressed.</summary>
    public long MaxTotalUncompressedBytes { get; init; } = 1L << 30;

    /// <summary>An entry that expands more than this (uncompressed ÷ compressed) is refused, declared or actual.</summary>
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>Entries up to this size are exempt from the ratio check (small, very regular files compress well legitimately).</summary>
    public long RatioCheckMinBytes { get; init; } = 1L << 20;

    /// <summary>Largest 3D model XML part read.</summary>
    public long MaxModelPartBytes { get; init; } = 768L << 20;

    /// <summary>Largest relationship, configuration or thumbnail part read.</summary>
    public long MaxAuxiliaryPartBytes { get; init; } = 16L << 20;

    /// <summary>Build items and components may instance meshes many times; emitting stops after this many triangles.</summary>
    public long MaxInstancedTriangles { get; init; } = 50_000_000;

    /// <summary>Most object instances visited while resolving components (guards against exponential component trees).</summary>
    public int MaxObjectInstances { get; init; } = 100_000;

    /// <summary>Deepest component nesting followed (also stops reference cycles).</summary>
    public int MaxComponentDepth { get; init; } = 16;

    /// <summary>Most thumbnails extracted from one package.</summary>
    public int MaxThumbnails { get; init; } = 16;

    /// <summary>Most slicer configuration values copied into <see cref="FileAnalysis.RawValues"/>.</summary>
    public int MaxRawValues { get; init; } = 5_000;
}
