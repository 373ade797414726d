using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Libraries;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Api;

/// <summary>Shared-folder libraries: volumes (Admin), scans with live progress, scan history and the review of held-back removals.</summary>
public static class LibrariesApi
{
    public static IEndpointRouteBuilder MapLibrariesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/libraries").WithTags("Libraries").RequireAuthorization(Policies.Admin);

        group.MapGet("/", List).WithName("ListLibraries").WithSummary("All library volumes with their scan and watcher state.");
        group.MapPost("/", Create).WithName("CreateLibrary").WithSummary("Add a folder to index in place.");
        group.MapGet("/jobs", Jobs).WithName("ListLibraryScanJobs").WithSummary("Running and recently finished scans with live progress.");
        group.MapPost("/jobs/{jobId:guid}/cancel", CancelJob).WithName("CancelLibraryScan").WithSummary("Stop a running scan; what it applied stays.");
        group.MapGet("/{id:guid}", Get).WithName("GetLibrary").WithSummary("One library volume.");
        group.MapPut("/{id:guid}", Update).WithName("UpdateLibrary").WithSummary("Change a library volume.");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteLibrary").WithSummary("Stop indexing a folder; its rows go to the trash, its files stay untouched.");
        group.MapPost("/{id:guid}/scan", Scan).WithName("ScanLibrary").WithSummary("Start a scan now (background job); a scan already running gets one follow-up.");
        group.MapGet("/{id:guid}/scans", History).WithName("LibraryScanHistory").WithSummary("Past scans, newest first.");
        group.MapGet("/{id:guid}/review", Review).WithName("LibraryReview").WithSummary("What the last scan would remove, if it stopped for review.");
        group.MapPost("/{id:guid}/review/confirm", ConfirmReview).WithName("ConfirmLibraryReview").WithSummary("Apply the held-back removals (a confirmed rescan).");
        return app;
    }

    private static async Task<Ok<List<LibraryResponse>>> List(LibraryOverview overview, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok((await overview.ListAsync(cancellationToken)).Select(s => ToResponse(s, time)).ToList());

    private static async Task<Results<Ok<LibraryResponse>, NotFound>> Get(Guid id, LibraryOverview overview, TimeProvider time, CancellationToken cancellationToken) =>
        await overview.GetAsync(id, cancellationToken) is { } status ? TypedResults.Ok(ToResponse(status, time)) : TypedResults.NotFound();

    private static async Task<Results<Created<LibraryResponse>, ProblemHttpResult>> Create(
        LibraryRequest? request, HttpContext http, LibraryVolumeService volumes, LibraryOverview overview, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ToInput(request, null, out var problem) is not { } input)
        {
            return ProblemMapping.Invalid(problem!);
        }

        var result = await volumes.CreateAsync(input, http.Actor(), cancellationToken);
        if (!result.Succeeded)
        {
            return Problems(result);
        }

        var status = await overview.GetAsync(result.Id!.Value, cancellationToken);
        return TypedResults.Created($"/api/v1/libraries/{result.Id}", ToResponse(status!, time));
    }

    private static async Task<Results<Ok<LibraryResponse>, ProblemHttpResult>> Update(
        Guid id, LibraryRequest? request, HttpContext http, LibraryVolumeService volumes, LibraryOverview overview, TimeProvider time, CancellationToken cancellationToken)
    {
        var existing = await volumes.GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return TypedResults.Problem(detail: "No such library.", statusCode: StatusCodes.Status404NotFound);
        }

        if (ToInput(request, existing, out var problem) is not { } input)
        {
            return ProblemMapping.Invalid(problem!);
        }

        var result = await volumes.UpdateAsync(id, input, http.Actor(), cancellationToken);
        return result.Succeeded ? TypedResults.Ok(ToResponse((await overview.GetAsync(id, cancellationToken))!, time)) : Problems(result);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, HttpContext http, LibraryVolumeService volumes, CancellationToken cancellationToken)
    {
        var result = await volumes.DeleteAsync(id, http.Actor(), cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : Problems(result);
    }

    private static async Task<Results<Accepted<ScanJobResponse>, ProblemHttpResult>> Scan(
        Guid id, HttpContext http, LibraryScanCoordinator coordinator, TimeProvider time) =>
        await coordinator.RequestAsync(id, LibraryScope.Root, LibraryScanTrigger.Manual, http.Actor()) is { } job
            ? TypedResults.Accepted($"/api/v1/libraries/jobs", ToResponse(job, time))
            : TypedResults.Problem(detail: "No such library.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Accepted<ScanJobResponse>, ProblemHttpResult>> ConfirmReview(
        Guid id, HttpContext http, LibraryOverview overview, LibraryScanCoordinator coordinator, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await overview.PendingReviewAsync(id, cancellationToken) is null)
        {
            return TypedResults.Problem(detail: "The last scan of this library did not stop for review; there is nothing to confirm.", statusCode: StatusCodes.Status409Conflict);
        }

        return await coordinator.RequestAsync(id, LibraryScope.Root, LibraryScanTrigger.ReviewConfirmed, http.Actor(), confirmed: true) is { } job
            ? TypedResults.Accepted($"/api/v1/libraries/jobs", ToResponse(job, time))
            : TypedResults.Problem(detail: "No such library.", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<ReviewResponse>, NotFound>> Review(Guid id, LibraryOverview overview, CancellationToken cancellationToken)
    {
        var run = await overview.PendingReviewAsync(id, cancellationToken);
        if (run is null)
        {
            return TypedResults.NotFound();
        }

        var paths = LibraryFilter.Lines(run.PendingRemovals).ToList();
        return TypedResults.Ok(new ReviewResponse(run.Id, run.Message, paths.Count, paths));
    }

    private static async Task<Results<Ok<List<ScanRunResponse>>, NotFound>> History(Guid id, int? take, LibraryVolumeService volumes, CancellationToken cancellationToken)
    {
        if (await volumes.GetAsync(id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok((await volumes.HistoryAsync(id, take ?? 50, cancellationToken)).Select(ToResponse).ToList());
    }

    private static Ok<List<ScanJobResponse>> Jobs(LibraryScanCoordinator coordinator, TimeProvider time) =>
        TypedResults.Ok(coordinator.Jobs.Select(j => ToResponse(j, time)).ToList());

    private static Results<NoContent, NotFound> CancelJob(Guid jobId, LibraryScanCoordinator coordinator) =>
        coordinator.Cancel(jobId) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static LibraryVolumeInput? ToInput(LibraryRequest? request, LibraryVolume? existing, out string? problem)
    {
        problem = null;
        if (request is null)
        {
            problem = "Send a JSON body with at least name and rootPath.";
            return null;
        }

        var watchMode = existing?.WatchMode ?? LibraryWatchMode.Auto;
        if (request.WatchMode is not null && (!Enum.TryParse(request.WatchMode, ignoreCase: true, out watchMode) || int.TryParse(request.WatchMode, out _)))
        {
            problem = $"Unknown watch mode '{request.WatchMode}': use Auto, Always or Never.";
            return null;
        }

        return new LibraryVolumeInput(
            request.Name ?? existing?.Name ?? string.Empty,
            request.RootPath ?? existing?.RootPath ?? string.Empty,
            request.Enabled ?? existing?.Enabled ?? true,
            watchMode,
            request.Schedule ?? (existing is null ? "nightly" : existing.CronSchedule),
            request.IncludeGlobs ?? existing?.IncludeGlobs,
            request.ExcludeGlobs ?? existing?.ExcludeGlobs,
            request.MissingGraceHours ?? existing?.MissingGraceHours ?? LibraryVolume.DefaultMissingGraceHours,
            request.MaxVanishPercent ?? existing?.MaxVanishPercent ?? LibraryVolume.DefaultMaxVanishPercent,
            request.MarkerFile ?? existing?.MarkerFile);
    }

    // Field-level problems travel in "errors" (as in a validation problem), all of them at once.
    private static ProblemHttpResult Problems(LibraryResult result) =>
        result.NotFound
            ? TypedResults.Problem(detail: "No such library.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Problem(detail: string.Join(" ", result.Problems.Values), statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = result.Problems.ToDictionary(p => p.Key, p => new[] { p.Value }) });

    internal static LibraryResponse ToResponse(LibraryVolumeStatus s, TimeProvider time) =>
        new(s.Volume.Id, s.Volume.Name, s.Volume.RootPath, s.Volume.Enabled, s.Volume.WatchMode.ToString(), s.Volume.CronSchedule,
            s.Volume.IncludeGlobs, s.Volume.ExcludeGlobs, s.Volume.MissingGraceHours, s.Volume.MaxVanishPercent, s.Volume.MarkerFile, s.Volume.ReadOnly,
            s.Files, s.Missing, s.FileSystem, s.Watcher.Status.ToString(), s.Watcher.Detail, s.NextRun,
            s.LastRun is null ? null : ToResponse(s.LastRun), s.RunningJob is null ? null : ToResponse(s.RunningJob, time));

    internal static ScanRunResponse ToResponse(LibraryScanRun r) =>
        new(r.Id, r.Trigger.ToString(), r.Scope, r.StartedAt, r.EndedAt, r.Outcome.ToString(), r.Message, r.Seen, r.Added, r.Updated, r.Moved, r.Removed, r.Errors,
            LibraryFilter.Lines(r.ErrorDetails).Take(50).ToList());

    internal static ScanJobResponse ToResponse(ScanJob j, TimeProvider time)
    {
        var p = j.Progress;
        var (rate, eta) = j.Speed(time.GetUtcNow());
        return new ScanJobResponse(j.Id, j.VolumeId, j.VolumeName, j.Trigger.ToString(), j.Scope.Describe(), j.Status.ToString(), p.Phase, j.StartedAt, j.EndedAt,
            p.Seen, p.ToHash, p.Hashed, p.Added, p.Updated, p.Moved, p.Removed, p.Errors, Math.Round(rate, 1), eta?.TotalSeconds, j.FollowUpQueued, j.Report?.Message);
    }
}
