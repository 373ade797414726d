using PrintStash.Domain.Entities;

namespace PrintStash.Ingestion.Vault;

/// <summary>A model as a grid or list shows it.</summary>
public sealed record ModelCard(
    Guid Id,
    string Name,
    Guid? CoverFileId,
    bool HasThumbnail,
    int FileCount,
    int PrintFileCount,
    IReadOnlyList<string> Tags,
    string? CollectionName,
    DateTime UpdatedAt,
    DateTime? DeletedAt)
{
    /// <summary>The library volume the model is indexed from; null for models stored in the vault.</summary>
    public string? LibraryName { get; init; }
}

public sealed record ModelPage(IReadOnlyList<ModelCard> Items, string? NextCursor);

public sealed record ModelFilter(
    string? Search = null,
    string? Tag = null,
    Guid? CollectionId = null,
    string? Material = null,
    string? Printer = null,
    bool Trashed = false,
    bool FavoritesOnly = false,
    Guid? FavoritesOf = null,
    string? Cursor = null,
    int Take = 48);

public sealed record FileView(
    Guid Id,
    Guid ModelId,
    Guid RevisionId,
    int RevisionNumber,
    string DisplayName,
    string Kind,
    bool IsPrintFile,
    string BlobHash,
    long Size,
    IngestOrigin Origin,
    DateTime CreatedAt,
    DateTime? DeletedAt,
    PrintStatus PrintStatus,
    string? Label,
    string? Notes,
    bool IsRecommended,
    ProcessingState ThumbnailState,
    ProcessingState MetadataState,
    string? ProcessingError,
    string? ThumbnailHash,
    string? SmallThumbnailHash,
    string? MetadataJson,
    string? FilamentType,
    string? PrinterModel,
    string? Slicer,
    int? EstimatedSeconds,
    double? FilamentWeightG)
{
    /// <summary>Set for in-place library files: the bytes are in the volume, at this path under its root.</summary>
    public Guid? LibraryVolumeId { get; init; }

    public string? LibraryPath { get; init; }

    public DateTime? MissingSince { get; init; }
}

public sealed record RevisionViewModel(Guid Id, int Number, string? Label, DateTime CreatedAt, IReadOnlyList<FileView> Files);

public sealed record ModelDetail(
    Guid Id,
    string Name,
    string? Description,
    string? Creator,
    string? SourceUrl,
    string? License,
    string? Notes,
    Guid OwnerId,
    Guid? CollectionId,
    string? CollectionName,
    IReadOnlyList<string> Tags,
    Guid? CoverFileId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DeletedAt,
    IReadOnlyList<RevisionViewModel> Revisions);

/// <summary>Values the library's filters offer: tags of live models, filament types and printers of live files.</summary>
public sealed record LibraryFacets(IReadOnlyList<string> Tags, IReadOnlyList<string> Materials, IReadOnlyList<string> Printers)
{
    public static readonly LibraryFacets None = new([], [], []);
}
