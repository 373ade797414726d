using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Libraries;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;
using PrintStash.Web.Slicing;

namespace PrintStash.Web.Api;

/// <summary>"Open in slicer": signed, expiring download links for orcaslicer://, prusaslicer://, bambustudio://, cura://.</summary>
public static class SlicerLinksApi
{
    public static IEndpointRouteBuilder MapSlicerLinksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/files/{id:guid}/slicer-link", CreateLink).RequireAuthorization(Policies.Viewer).WithTags("Files")
            .WithName("CreateSlicerLink").WithSummary($"A download link valid for {SlicerLinks.Lifetime.TotalMinutes:0} minutes without signing in, and the slicer URL (app=orca|prusa|bambu|cura) that opens it.");
        app.MapGet(SlicerLinks.RoutePrefix + "/{token}/{name}", Download).AllowAnonymous().WithTags("Files")
            .WithName("SlicerLinkDownload").WithSummary("The file behind a signed slicer link; every use is audited.");
        return app;
    }

    private static async Task<Results<Ok<SlicerLinkResponse>, ProblemHttpResult>> CreateLink(
        Guid id, string? app, HttpContext http, VaultQueries queries, SlicerLinks links, CancellationToken cancellationToken)
    {
        var slicer = SlicerApps.Find(app ?? "orca");
        if (slicer is null)
        {
            return ProblemMapping.Invalid($"Unknown slicer '{app}': use {string.Join(", ", SlicerApps.All.Select(a => a.Key))}.");
        }

        var file = await queries.GetFileAsync(id, includeTrashed: false, cancellationToken);
        if (file is null)
        {
            return TypedResults.Problem(detail: "No such file.", statusCode: StatusCodes.Status404NotFound);
        }

        var (path, expires) = links.Create(file.Id, file.DisplayName, http.Actor().UserId!.Value);
        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{path}";
        return TypedResults.Ok(new SlicerLinkResponse(slicer.Key, url, slicer.OpenUrl(url), expires));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        string token, HttpContext http, SlicerLinks links, VaultQueries queries, FileContentLocator locator,
        IDbContextFactory<PrintStashDbContext> contextFactory, IAuditLog audit, CancellationToken cancellationToken)
    {
        var (grant, error) = links.Read(token);
        if (grant is null)
        {
            return TypedResults.Problem(detail: error, statusCode: StatusCodes.Status410Gone);
        }

        var file = await queries.GetFileAsync(grant.FileId, includeTrashed: false, cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await context.Users.Active().AsNoTracking().Where(u => u.Id == grant.UserId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
        var content = file is null ? null : await locator.OpenAsync(file.LibraryVolumeId, file.LibraryPath, file.BlobHash, cancellationToken);
        if (file is null || user is null || content is null)
        {
            if (content is not null)
            {
                await content.DisposeAsync();
            }


            return TypedResults.Problem(detail: "The file behind this link is no longer available.", statusCode: StatusCodes.Status404NotFound);
        }

        // Range requests of one download are one use: audit only the request that starts at the beginning.
        if (!http.Request.Headers.Range.Any(r => r is not null && !r.StartsWith("bytes=0-", StringComparison.Ordinal)))
        {
            await audit.WriteAsync(new AuditActor(grant.UserId, user, http.Connection.RemoteIpAddress?.ToString()), "file.opened-in-slicer", "file", file.Id.ToString(),
                new { name = file.DisplayName, userAgent = http.Request.Headers.UserAgent.ToString() }, cancellationToken);
        }

        return TypedResults.File(content, "application/octet-stream", file.DisplayName, enableRangeProcessing: true);
    }
}
