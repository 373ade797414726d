using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrintStash.Ingestion.Pipeline;

/// <summary>
/// The printstash.json written next to each model in storage: enough to rebuild the index from disk alone.
/// </summary>
internal sealed record ModelSidecar(
    string Format,
    SidecarModel Model,
    IReadOnlyList<SidecarRevision> Revisions,
    IReadOnlyList<SidecarFile> Files)
{
    public const string CurrentFormat = "printstash.model/1";
    public const string FileName = "printstash.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}

internal sealed record SidecarModel(
    Guid Id,
    string Name,
    string? Description,
    string? Creator,
    string? SourceUrl,
    string? License,
    string? Notes,
    Guid OwnerId,
    string? Collection,
    IReadOnlyList<string> Tags,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DeletedAt);

internal sealed record SidecarRevision(Guid Id, int Number, string? Label, DateTime CreatedAt);

internal sealed record SidecarFile(
    Guid Id,
    Guid RevisionId,
    string Name,
    string Kind,
    string Hash,
    long Size,
    Domain.Entities.IngestOrigin Origin,
    DateTime CreatedAt,
    DateTime? DeletedAt,
    Domain.Entities.PrintStatus PrintStatus,
    string? Label,
    string? Notes,
    bool Recommended);
