namespace PrintStash.Ingestion.Formats;

/// <summary>Everything a format reader learned about one file. Readers never throw for bad content: they report it in <see cref="Problems"/>.</summary>
public sealed record FileAnalysis(
    FileKind Kind,
    PrintMetadata? Print,
    MeshMetadata? Mesh,
    IReadOnlyList<ExtractedThumbnail> Thumbnails,
    IReadOnlyList<string> ObjectNames,
    IReadOnlyDictionary<string, string> RawValues,
    IReadOnlyList<string> Problems)
{
    public static FileAnalysis Empty(FileKind kind, params string[] problems) =>
        new(kind, null, null, [], [], new Dictionary<string, string>(), problems);
}

/// <summary>What a slicer says about a print file. Every value is optional: slicers differ in what they write.</summary>
public sealed record PrintMetadata
{
    public TimeSpan? EstimatedTime { get; init; }

    public double? FilamentLengthMm { get; init; }

    public double? FilamentWeightG { get; init; }

    public double? FilamentVolumeCm3 { get; init; }

    public string? FilamentType { get; init; }

    public double? LayerHeightMm { get; init; }

    public double? FirstLayerHeightMm { get; init; }

    public double? NozzleTemperatureC { get; init; }

    public double? BedTemperatureC { get; init; }

    public string? Infill { get; init; }

    public int? LayerCount { get; init; }

    public double? MaxZMm { get; init; }

    public double? NozzleDiameterMm { get; init; }

    public string? PrinterModel { get; init; }

    public string? Slicer { get; init; }

    public string? SlicerVersion { get; init; }
}

public readonly record struct Vector3(double X, double Y, double Z);

public sealed record BoundingBox(Vector3 Min, Vector3 Max)
{
    public Vector3 Size => new(Max.X - Min.X, Max.Y - Min.Y, Max.Z - Min.Z);
}

/// <summary>Geometry facts of a mesh, in millimetres.</summary>
public sealed record MeshMetadata(long TriangleCount, BoundingBox? Bounds, double? VolumeMm3, double? SurfaceMm2, string Unit);

/// <summary>A preview image found inside a file; QOI is converted to PNG, JPG is kept as it is.</summary>
public sealed record ExtractedThumbnail(int Width, int Height, string MediaType, byte[] Data);
