using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Settings;
using PrintStash.Ingestion.Pipeline;

namespace PrintStash.Web.Vault;

/// <summary>
/// Streams every file part of a multipart request straight into the ingestion pipeline: nothing is buffered in
/// memory or spooled by ASP.NET. Options come from the query string or from form fields sent before the files.
/// </summary>
public sealed class MultipartUpload(IngestionPipeline pipeline, ISettingsResolver settings)
{
    public const int MaxFieldBytes = 16 * 1024;
    public const int MaxFiles = 100;

    public async Task<(IReadOnlyList<IngestResult>? Results, string? Error)> ReceiveAsync(HttpContext http, AuditActor actor, IngestOrigin origin, CancellationToken cancellationToken)
    {
        var boundary = GetBoundary(http.Request.ContentType);
        if (boundary is null)
        {
            return (null, "Send the file as multipart/form-data with a part named 'file'.");
        }

        // The pipeline enforces the real per-file limit while streaming; here only the request as a whole is capped.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = (settings.Get(SettingCatalog.MaxUploadMegabytes) + 16L) * 1024 * 1024 * 4;
        }

        var options = UploadOptions.FromQuery(http.Request.Query);
        if (options.Error is not null)
        {
            return (null, options.Error);
        }

        var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = MaxFieldBytes };
        var results = new List<IngestResult>();
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value;
            if (!disposition.IsFileDisposition() || string.IsNullOrEmpty(fileName))
            {
                var error = await options.ReadFieldAsync(disposition.Name.Value, section.Body, cancellationToken);
                if (error is not null)
                {
                    return (null, error);
                }

                continue;
            }

            if (results.Count >= MaxFiles)
            {
                return (null, $"At most {MaxFiles} files per request.");
            }

            var target = options.ModelId is { } modelId
                ? (IngestTarget)new IngestTarget.ExistingModel(modelId)
                : new IngestTarget.NewModel(options.ModelName, options.CollectionId);
            results.Add(await pipeline.PersistAsync(
                new IngestRequest(section.Body, fileName, target, actor, origin) { Tags = options.Tags },
                cancellationToken));
        }

        return results.Count == 0 ? (null, "The request holds no file part: add the file as a part named 'file'.") : (results, null);
    }

    private static string? GetBoundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200 ? null : boundary;
    }
}
