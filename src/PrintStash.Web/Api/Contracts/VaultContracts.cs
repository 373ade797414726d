namespace PrintStash.Web.Api.Contracts;

public sealed record IngestResultResponse(
    string FileName,
    string Outcome,
    string Message,
    Guid? ModelId,
    Guid? FileId,
    int? Revision,
    bool CreatedModel,
    bool Recommended);

public sealed record UploadResponse(IReadOnlyList<IngestResultResponse> Results);

public sealed record FileResponse(
    Guid Id,
    Guid ModelId,
    int Revision,
    string Name,
    string Kind,
    bool IsPrintFile,
    long Size,
    string Sha256,
    string Origin,
    DateTime CreatedAt,
    DateTime? DeletedAt,
    string? Status,
    string? Label,
    string? Notes,
    bool Recommended,
    string ThumbnailState,
    string MetadataState,
    string? ProcessingError,
    string? ThumbnailUrl,
    string DownloadUrl,
    object? Metadata);

public sealed record FileListResponse(IReadOnlyList<FileResponse> Items, string? NextCursor);

public sealed record ModelCardResponse(Guid Id, string Name, string? ThumbnailUrl, int Files, int PrintFiles, IReadOnlyList<string> Tags, string? Collection, DateTime UpdatedAt, DateTime? DeletedAt, string? Library = null);

public sealed record ModelListResponse(IReadOnlyList<ModelCardResponse> Items, string? NextCursor);

public sealed record RevisionResponse(Guid Id, int Number, string? Label, DateTime CreatedAt, IReadOnlyList<FileResponse> Files);

public sealed record ModelResponse(
    Guid Id,
    string Name,
    string? Description,
    string? Creator,
    string? SourceUrl,
    string? License,
    string? Notes,
    string? Collection,
    IReadOnlyList<string> Tags,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DeletedAt,
    IReadOnlyList<RevisionResponse> Revisions);

public sealed record SetFileStatusRequest(string? Status, string? Label, string? Notes);

public sealed record UpdateModelRequest(
    string? Name,
    string? Description,
    string? Creator,
    string? SourceUrl,
    string? License,
    string? Notes,
    IReadOnlyList<string>? Tags,
    Guid? CollectionId,
    bool? ClearCollection);

public sealed record CollectionResponse(Guid Id, string Name, Guid? ParentId, int Models, IReadOnlyList<CollectionResponse> Children);

public sealed record CreateCollectionRequest(string? Name, Guid? ParentId);

public sealed record UpdateCollectionRequest(string? Name, Guid? ParentId, bool? MoveToRoot);
