using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Formats;

namespace PrintStash.Ingestion.Slicing;

/// <summary>What to slice and with which profiles. A complete PrusaSlicer profile goes in <see cref="ProcessProfileId"/>.</summary>
public sealed record SliceRequest(Guid SourceFileId, Guid? PrinterProfileId, Guid? FilamentProfileId, Guid? ProcessProfileId);

public sealed record SliceJobView(
    Guid Id, Guid SourceFileId, string SourceName, Guid ModelId, string Profiles, SliceJobState State, int Progress, string? Message,
    Guid? ResultFileId, DateTime CreatedAt, DateTime? FinishedAt);

/// <summary>Starts server-side slices (checked up front, so a job that cannot run is refused in words) and reports on them.</summary>
public sealed class SliceJobService(
    IDbContextFactory<PrintStashDbContext> contextFactory, SlicerEngines engines, SliceJobQueue queue, IAuditLog audit, TimeProvider time)
{
    public async Task<(SliceJobView? Job, string? Error)> StartAsync(SliceRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var source = await context.Files.Live().AsNoTracking().FirstOrDefaultAsync(f => f.Id == request.SourceFileId, cancellationToken);
        if (source is null)
        {
            return (null, "The file to slice does not exist or is in the trash.");
        }

        if (!Enum.TryParse<FileKind>(source.Kind, out var kind) || kind is not (FileKind.Stl or FileKind.Obj or FileKind.ThreeMf or FileKind.Step))
        {
            return (null, $"'{source.DisplayName}' is not a mesh: slice an STL, OBJ, 3MF or STEP file.");
        }

        var ids = new[] { request.PrinterProfileId, request.FilamentProfileId, request.ProcessProfileId }.OfType<Guid>().ToList();
        if (ids.Count == 0)
        {
            return (null, "Choose a complete profile, or printer, filament and process profiles.");
        }

        var profiles = await context.SlicerProfiles.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken);
        if (profiles.Count != ids.Distinct().Count())
        {
            return (null, "One of the chosen profiles no longer exists.");
        }

        var format = profiles[0].Format;
        if (profiles.Any(p => p.Format != format))
        {
            return (null, "PrusaSlicer (.ini) and OrcaSlicer (.json) profiles cannot be mixed in one slice.");
        }

        var hasComplete = profiles.Any(p => p.Kind == SlicerProfileKind.Complete);
        if (!hasComplete && (request.PrinterProfileId is null || request.FilamentProfileId is null || request.ProcessProfileId is null))
        {
            return (null, "Choose a printer, a filament and a process profile (or one complete profile).");
        }

        if (engines.For(format) is null)
        {
            return (null, format == SlicerProfileFormat.OrcaJson
                ? "OrcaSlicer profiles need OrcaSlicer on the server: set PrintStash:Slicing:OrcaSlicerPath to its command-line program."
                : SlicerEngines.HowToEnable);
        }

        var job = new SliceJob
        {
            Id = Guid.NewGuid(),
            SourceFileId = source.Id,
            ModelId = source.ModelId,
            PrinterProfileId = request.PrinterProfileId,
            FilamentProfileId = request.FilamentProfileId,
            ProcessProfileId = request.ProcessProfileId,
            ProfileSummary = Summary(profiles, request),
            State = SliceJobState.Queued,
            RequestedById = actor.UserId ?? throw new InvalidOperationException("Slices are started on behalf of a user."),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        context.SliceJobs.Add(job);
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "slice.started", "file", source.Id.ToString(), new { job = job.Id, profiles = job.ProfileSummary }, cancellationToken);
        queue.Enqueue(job.Id);
        return (ToView(job, source.DisplayName), null);
    }

    public async Task<SliceJobView?> GetAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await context.SliceJobs.AsNoTracking().Where(j => j.Id == jobId)
            .Join(context.Files, j => j.SourceFileId, f => f.Id, (j, f) => new { Job = j, f.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToView(row.Job, row.DisplayName);
    }

    public async Task<IReadOnlyList<SliceJobView>> ForModelAsync(Guid modelId, int take, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await context.SliceJobs.AsNoTracking().Where(j => j.ModelId == modelId).OrderByDescending(j => j.CreatedAt).Take(Math.Clamp(take, 1, 100))
            .Join(context.Files, j => j.SourceFileId, f => f.Id, (j, f) => new { Job = j, f.DisplayName }).ToListAsync(cancellationToken);
        return rows.Select(r => ToView(r.Job, r.DisplayName)).ToList();
    }

    private static string Summary(IReadOnlyList<SlicerProfile> profiles, SliceRequest request)
    {
        var ordered = new[] { request.PrinterProfileId, request.FilamentProfileId, request.ProcessProfileId }
            .OfType<Guid>().Select(id => profiles.First(p => p.Id == id).Name);
        var text = string.Join(" · ", ordered);
        return text.Length <= 512 ? text : text[..511] + "…";
    }

    private static SliceJobView ToView(SliceJob j, string sourceName) =>
        new(j.Id, j.SourceFileId, sourceName, j.ModelId, j.ProfileSummary, j.State, j.Progress, j.Message, j.ResultFileId, j.CreatedAt, j.FinishedAt);
}
