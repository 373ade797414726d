namespace PrintStash.Ingestion.Thumbnails;

/// <summary>How <see cref="MeshThumbnailRenderer"/> draws: output sizes, supersampling, colour and parallelism.</summary>
public sealed record ThumbnailRenderOptions
{
    public static ThumbnailRenderOptions Default { get; } = new();

    /// <summary>Edge of the stored (large) square image, in pixels.</summary>
    public int LargeSize { get; init; } = 512;

    /// <summary>Edge of the small square image, in pixels (downsampled from the same raster, so it is well anti-aliased).</summary>
    public int SmallSize { get; init; } = 128;

    /// <summary>Samples per pixel edge for the large image (2 = 4 samples per pixel).</summary>
    public int Supersampling { get; init; } = 2;

    /// <summary>Object colour as 0xRRGGBB, shaded by the lights.</summary>
    public int BaseColor { get; init; } = 0x6A9BE0;

    /// <summary>Empty border around the object, as a fraction of the image edge.</summary>
    public double Margin { get; init; } = 0.06;

    /// <summary>Rasterizer threads; 0 = one per core, at most 4. Meshes under 50,000 triangles always use one.</summary>
    public int MaxDegreeOfParallelism { get; init; }
}
