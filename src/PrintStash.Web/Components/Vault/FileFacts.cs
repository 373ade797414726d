using System.Text.Json;
using System.Text.Json.Serialization;
using PrintStash.Ingestion.Formats;

namespace PrintStash.Web.Components.Vault;

/// <summary>
/// The parts of a file's stored metadata (the serialized <see cref="FileAnalysis"/>) that the UI shows. Thumbnails
/// and raw slicer values are skipped: they can be large and are shown elsewhere or not at all.
/// </summary>
public sealed record FileFacts(PrintMetadata? Print, MeshMetadata? Mesh, IReadOnlyList<string> ObjectNames, IReadOnlyList<string> Problems)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Null when there is no metadata yet; a fact sheet with one problem when the JSON cannot be read.</summary>
    public static FileFacts? Parse(string? metadataJson)
    {
        if (string.IsNullOrWhiteSpace(metadataJson))
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(metadataJson, Json);
            return stored is null ? null : new FileFacts(stored.Print, stored.Mesh, stored.ObjectNames ?? [], stored.Problems ?? []);
        }
        catch (JsonException ex)
        {
            return new FileFacts(null, null, [], [$"The stored metadata could not be read ({ex.Message})."]);
        }
    }

    public bool IsEmpty => Print is null && Mesh is null && ObjectNames.Count == 0 && Problems.Count == 0;

    private sealed record Stored(PrintMetadata? Print, MeshMetadata? Mesh, IReadOnlyList<string>? ObjectNames, IReadOnlyList<string>? Problems);
}
