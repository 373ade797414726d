using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Libraries;
using PrintStash.Ingestion.Storage;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;
using PrintStash.Web.Vault;

namespace PrintStash.Web.Api;

/// <summary>Files in the vault: streaming upload through the ingestion pipeline, download, thumbnails, status.</summary>
public static class FilesApi
{
    public const string AntiforgeryHeader = "RequestVerificationToken";

    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/files").WithTags("Files");

        group.MapPost("/", Upload).RequireAuthorization(Policies.Designer).DisableAntiforgery()
            .WithName("UploadFiles").WithSummary("Upload one or more files (multipart 'file' parts, streamed). Query or leading form fields: modelId, modelName, collectionId, tags.");
        group.MapGet("/", List).RequireAuthorization(Policies.Viewer).WithName("ListFiles").WithSummary("Files, newest first, with a cursor for the next page.");
        group.MapGet("/{id:guid}", Get).RequireAuthorization(Policies.Viewer).WithName("GetFile").WithSummary("One file with its metadata.");
        group.MapGet("/{id:guid}/download", Download).RequireAuthorization(Policies.Viewer).WithName("DownloadFile").WithSummary("The file's bytes (range requests supported).");
        group.MapGet("/{id:guid}/thumbnail", Thumbnail).RequireAuthorization(Policies.Viewer).WithName("GetFileThumbnail").WithSummary("The file's preview image; size=small for grids.");
        group.MapPut("/{id:guid}/status", SetStatus).RequireAuthorization(Policies.Designer).WithName("SetFileStatus").WithSummary("Set a print file's status (NeedsTest, KnownGood, Failed, Archived), label and notes.");
        group.MapPost("/{id:guid}/recommend", Recommend).RequireAuthorization(Policies.Designer).WithName("RecommendFile").WithSummary("Make this print file the model's recommended one.");
        group.MapDelete("/{id:guid}", Trash).RequireAuthorization(Policies.Designer).WithName("TrashFile").WithSummary("Move a file to the trash.");
        group.MapPost("/{id:guid}/restore", Restore).RequireAuthorization(Policies.Designer).WithName("RestoreFile").WithSummary("Bring a file back from the trash.");
        return app;
    }

    private static async Task<Results<Created<UploadResponse>, Ok<UploadResponse>, ProblemHttpResult, JsonHttpResult<UploadResponse>>> Upload(
        HttpContext http, ClaimsPrincipal user, MultipartUpload upload, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        // Browser uploads ride on the session cookie, so they must carry the page's antiforgery token
        // (header "RequestVerificationToken"); API-key uploads carry no ambient credentials and need none.
        // The header is checked for presence first: without it the antiforgery check would read (buffer) the whole form.
        if (user.Identity?.AuthenticationType != ApiKeyAuthenticationHandler.SchemeName
            && (!http.Request.Headers.ContainsKey(AntiforgeryHeader) || !await antiforgery.IsRequestValidAsync(http)))
        {
            return ProblemMapping.Invalid("The upload did not come from a PrintStash page: reload the page and try again, or use an API key.");
        }

        var (results, error) = await upload.ReceiveAsync(http, http.Actor(), ApiOrigin(user), cancellationToken);
        if (results is null)
        {
            return ProblemMapping.Invalid(error!);
        }

        var response = new UploadResponse(results.Select(r => VaultResponses.ToResponse(r, r.DisplayName ?? string.Empty)).ToList());
        if (results.Any(r => r.Outcome == IngestOutcome.Added))
        {
            return TypedResults.Created((string?)null, response);
        }

        if (results.All(r => r.Outcome == IngestOutcome.Duplicate))
        {
            return TypedResults.Ok(response);
        }

        var status = results.Any(r => r.Message.Contains("too large", StringComparison.Ordinal))
            ? StatusCodes.Status413PayloadTooLarge
            : StatusCodes.Status400BadRequest;
        return TypedResults.Json(response, statusCode: status);
    }

    private static async Task<Ok<FileListResponse>> List(VaultQueries queries, string? cursor, int? take, CancellationToken cancellationToken)
    {
        var files = await queries.ListFilesAsync(cursor, take ?? 50, cancellationToken);
        var next = files.Count == Math.Clamp(take ?? 50, 1, VaultQueries.MaxPageSize) ? VaultQueries.FileCursor(files[^1]) : null;
        return TypedResults.Ok(new FileListResponse(files.Select(VaultResponses.ToResponse).ToList(), next));
    }

    private static async Task<Results<Ok<FileResponse>, NotFound>> Get(Guid id, VaultQueries queries, CancellationToken cancellationToken) =>
        await queries.GetFileAsync(id, includeTrashed: true, cancellationToken) is { } file ? TypedResults.Ok(VaultResponses.ToResponse(file)) : TypedResults.NotFound();

    private static async Task<Results<FileStreamHttpResult, NotFound>> Download(Guid id, VaultQueries queries, FileContentLocator locator, CancellationToken cancellationToken)
    {
        var file = await queries.GetFileAsync(id, includeTrashed: false, cancellationToken);
        if (file is null)
        {
            return TypedResults.NotFound();
        }

        var content = await locator.OpenAsync(file.LibraryVolumeId, file.LibraryPath, file.BlobHash, cancellationToken);
        if (content is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.File(content, "application/octet-stream", file.DisplayName, enableRangeProcessing: true,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{file.BlobHash}\""));
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> Thumbnail(Guid id, string? size, VaultQueries queries, BlobStore blobs, HttpContext http, CancellationToken cancellationToken)
    {
        var file = await queries.GetFileAsync(id, includeTrashed: true, cancellationToken);
        var hash = size == "small" ? file?.SmallThumbnailHash ?? file?.ThumbnailHash : file?.ThumbnailHash;
        if (hash is null || !blobs.Exists(hash))
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "private, max-age=86400, immutable";
        var stream = blobs.OpenRead(hash);
        return TypedResults.Stream(stream, ImageTypes.Sniff(stream), entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{hash}\""));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetStatus(
        Guid id, SetFileStatusRequest? request, HttpContext http, VaultService vault, CancellationToken cancellationToken)
    {
        if (request is null || !Enum.TryParse<PrintStatus>(request.Status, ignoreCase: true, out var status) || int.TryParse(request.Status, out _))
        {
            return ProblemMapping.Invalid($"Unknown status '{request?.Status}': use NeedsTest, KnownGood, Failed or Archived.");
        }

        return ProblemMapping.ToResult(await vault.SetPrintStatusAsync(id, status, request.Label, request.Notes, http.Actor(), cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Recommend(Guid id, HttpContext http, VaultService vault, CancellationToken cancellationToken) =>
        ProblemMapping.ToResult(await vault.MarkRecommendedAsync(id, http.Actor(), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> Trash(Guid id, HttpContext http, VaultService vault, CancellationToken cancellationToken) =>
        ProblemMapping.ToResult(await vault.TrashFileAsync(id, http.Actor(), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> Restore(Guid id, HttpContext http, VaultService vault, CancellationToken cancellationToken) =>
        ProblemMapping.ToResult(await vault.RestoreFileAsync(id, http.Actor(), cancellationToken));

    private static IngestOrigin ApiOrigin(ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName ? IngestOrigin.Api : IngestOrigin.BrowserUpload;
}
