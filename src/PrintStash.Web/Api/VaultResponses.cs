using System.Text.Json;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Api.Contracts;

namespace PrintStash.Web.Api;

/// <summary>Maps vault views to the wire contracts; URLs are relative to the site root.</summary>
internal static class VaultResponses
{
    public static FileResponse ToResponse(FileView f) =>
        new(f.Id, f.ModelId, f.RevisionNumber, f.DisplayName, f.Kind, f.IsPrintFile, f.Size, f.BlobHash, f.Origin.ToString(), f.CreatedAt, f.DeletedAt,
            f.IsPrintFile ? f.PrintStatus.ToString() : null, f.Label, f.Notes, f.IsRecommended, f.ThumbnailState.ToString(), f.MetadataState.ToString(),
            f.ProcessingError, f.ThumbnailHash is null ? null : $"/api/v1/files/{f.Id}/thumbnail", $"/api/v1/files/{f.Id}/download",
            f.MetadataJson is null ? null : JsonSerializer.Deserialize<JsonElement>(f.MetadataJson));

    public static ModelCardResponse ToResponse(ModelCard m) =>
        new(m.Id, m.Name, m.HasThumbnail && m.CoverFileId is { } cover ? $"/api/v1/files/{cover}/thumbnail?size=small" : null,
            m.FileCount, m.PrintFileCount, m.Tags, m.CollectionName, m.UpdatedAt, m.DeletedAt, m.LibraryName);

    public static ModelResponse ToResponse(ModelDetail m) =>
        new(m.Id, m.Name, m.Description, m.Creator, m.SourceUrl, m.License, m.Notes, m.CollectionName, m.Tags, m.CreatedAt, m.UpdatedAt, m.DeletedAt,
            m.Revisions.Select(r => new RevisionResponse(r.Id, r.Number, r.Label, r.CreatedAt, r.Files.Select(ToResponse).ToList())).ToList());

    public static IngestResultResponse ToResponse(IngestResult r, string fileName) =>
        new(r.DisplayName ?? fileName, r.Outcome.ToString(), r.Message, r.ModelId, r.FileId, r.RevisionNumber, r.CreatedModel, r.IsRecommended);
}
