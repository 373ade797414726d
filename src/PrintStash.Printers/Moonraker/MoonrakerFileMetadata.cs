using System.Text.Json;

namespace PrintStash.Printers.Moonraker;

/// <summary>What <c>server.files.metadata</c> says about the file being printed (used for ETA, layers, thumbnail).</summary>
internal sealed record MoonrakerFileMetadata(
    string FileName,
    double? EstimatedSeconds,
    double? LayerHeight,
    double? FirstLayerHeight,
    double? ObjectHeight,
    int? LayerCount,
    string? ThumbnailPath)
{
    public static MoonrakerFileMetadata Parse(string fileName, JsonElement metadata)
    {
        string? thumbnail = null;
        if (metadata.Property("thumbnails") is { ValueKind: JsonValueKind.Array } thumbnails)
        {
            var largest = thumbnails.EnumerateArray()
                .Where(t => t.String("relative_path") is { Length: > 0 } path && !path.Split('/').Contains("..") && !path.StartsWith('/'))
                .MaxBy(t => (t.Double("width") ?? 0) * (t.Double("height") ?? 0));
            if (largest.ValueKind == JsonValueKind.Object)
            {
                // relative_path is relative to the G-code file's folder.
                var folder = fileName.Contains('/', StringComparison.Ordinal) ? fileName[..(fileName.LastIndexOf('/') + 1)] : string.Empty;
                thumbnail = folder + largest.String("relative_path");
            }
        }

        return new MoonrakerFileMetadata(
            fileName,
            Positive(metadata.Double("estimated_time")),
            Positive(metadata.Double("layer_height")),
            Positive(metadata.Double("first_layer_height")),
            Positive(metadata.Double("object_height")),
            metadata.Int("layer_count") is > 0 and var count ? count : null,
            thumbnail);
    }

    private static double? Positive(double? value) => value is > 0 ? value : null;
}
