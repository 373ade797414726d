using PrintStash.Ingestion.Formats.Mesh;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>Everything read from a package except the embedded G-code.</summary>
internal sealed record PackageContents(
    FileKind Kind,
    ModelAssembly? Model,
    IReadOnlyDictionary<string, string> ModelMetadata,
    IReadOnlyList<string> ObjectNames,
    IReadOnlyList<ExtractedThumbnail> Thumbnails,
    IReadOnlyDictionary<string, string> SlicerConfig,
    SliceInfo? SliceInfo,
    string? PlateGCodePart)
{
    public MeshData? Geometry => Model?.Geometry;
}
