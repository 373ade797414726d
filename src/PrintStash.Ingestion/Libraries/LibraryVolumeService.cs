using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Domain.Settings;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Processing;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Ingestion.Libraries;

/// <summary>What an admin sets on a volume. <see cref="Schedule"/> is a preset (hourly, nightly, weekly), a Quartz cron, or empty.</summary>
public sealed record LibraryVolumeInput(
    string Name,
    string RootPath,
    bool Enabled = true,
    LibraryWatchMode WatchMode = LibraryWatchMode.Auto,
    string? Schedule = "nightly",
    string? IncludeGlobs = null,
    string? ExcludeGlobs = null,
    int MissingGraceHours = LibraryVolume.DefaultMissingGraceHours,
    double MaxVanishPercent = LibraryVolume.DefaultMaxVanishPercent,
    string? MarkerFile = null);

public sealed record LibraryResult(bool Succeeded, Guid? Id, IReadOnlyDictionary<string, string> Problems, bool NotFound = false)
{
    public static LibraryResult Ok(Guid id) => new(true, id, new Dictionary<string, string>());

    public static LibraryResult Missing => new(false, null, new Dictionary<string, string> { ["id"] = "No such library." }, NotFound: true);
}

/// <summary>Create, change and delete library volumes; every change tells the watchers and the schedule.</summary>
public sealed class LibraryVolumeService(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    IOptions<PrintStashOptions> options,
    VaultWriteLock writeLock,
    VaultChangeFeed changes,
    LibraryChangeSignal signal,
    IAuditLog audit,
    TimeProvider time)
{
    public async Task<List<LibraryVolume>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.LibraryVolumes.AsNoTracking().OrderBy(v => v.Name).ToListAsync(cancellationToken);
    }

    public async Task<LibraryVolume?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.LibraryVolumes.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
    }

    public async Task<LibraryResult> CreateAsync(LibraryVolumeInput input, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var problems = await ValidateAsync(context, input, null, cancellationToken);
        if (problems.Count > 0)
        {
            return new LibraryResult(false, null, problems);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var volume = new LibraryVolume { Id = Guid.NewGuid(), Name = input.Name.Trim(), RootPath = LibraryVolumeRules.Normalize(input.RootPath), CreatedAt = now, UpdatedAt = now };
        Apply(volume, input);
        context.LibraryVolumes.Add(volume);
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "library.created", "library", volume.Id.ToString(), new { volume.Name, volume.RootPath }, cancellationToken);
        signal.Raise();
        return LibraryResult.Ok(volume.Id);
    }

    public async Task<LibraryResult> UpdateAsync(Guid id, LibraryVolumeInput input, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var volume = await context.LibraryVolumes.FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (volume is null)
        {
            return LibraryResult.Missing;
        }

        var problems = await ValidateAsync(context, input, id, cancellationToken);
        if (problems.Count > 0)
        {
            return new LibraryResult(false, id, problems);
        }

        var root = LibraryVolumeRules.Normalize(input.RootPath);
        if (root != volume.RootPath)
        {
            volume.DeviceId = null; // A new root is a new filesystem identity; the first good scan records it.
        }

        volume.Name = input.Name.Trim();
        volume.RootPath = root;
        volume.UpdatedAt = time.GetUtcNow().UtcDateTime;
        Apply(volume, input);
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "library.updated", "library", id.ToString(), new { volume.Name, volume.RootPath, volume.Enabled, volume.WatchMode, volume.CronSchedule }, cancellationToken);
        signal.Raise();
        return LibraryResult.Ok(id);
    }

    /// <summary>Removes the volume and trashes its rows and models; the files in the folder are not touched.</summary>
    public async Task<LibraryResult> DeleteAsync(Guid id, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        using (await writeLock.AcquireAsync(cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            var volume = await context.LibraryVolumes.FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
            if (volume is null)
            {
                return LibraryResult.Missing;
            }

            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            await context.Files.Where(f => f.LibraryVolumeId == id && f.DeletedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.DeletedAt, now).SetProperty(f => f.IsRecommended, false), cancellationToken);
            await context.Models.Where(m => m.LibraryVolumeId == id && m.DeletedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeletedAt, now), cancellationToken);
            context.LibraryVolumes.Remove(volume);
            await context.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await audit.WriteAsync(actor, "library.deleted", "library", id.ToString(), new { volume.Name, volume.RootPath }, cancellationToken);
        }

        signal.Raise();
        changes.Publish(new VaultChange(VaultChangeKind.ModelChanged, Guid.Empty, null));
        return LibraryResult.Ok(id);
    }

    /// <summary>
    /// "Check folder" in the editor: the same root rules as saving (exists, not our data directory, no overlap with
    /// another library, except the library being edited), then a bounded look at what the folder holds.
    /// </summary>
    public async Task<FolderCheckResult> CheckFolderAsync(string? rootPath, Guid? id, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var others = await context.LibraryVolumes.Where(v => v.Id != id).Select(v => new { v.Name, v.RootPath }).ToListAsync(cancellationToken);
        if (LibraryVolumeRules.RootProblem(rootPath, options.Value.DataDirFullPath, others.Select(o => (o.Name, o.RootPath))) is { } problem)
        {
            return new FolderCheckResult(FolderCheckStatus.Problem, problem);
        }

        var root = LibraryVolumeRules.Normalize(rootPath!);
        return await Task.Run(() => LibraryFolderCheck.Look(root, MountTable.DefaultPath, cancellationToken), cancellationToken);
    }

    public async Task<List<LibraryScanRun>> HistoryAsync(Guid volumeId, int take, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.LibraryScanRuns.AsNoTracking().Where(r => r.VolumeId == volumeId)
            .OrderByDescending(r => r.StartedAt).Take(Math.Clamp(take, 1, 200)).ToListAsync(cancellationToken);
    }

    public async Task<Dictionary<Guid, LibraryScanRun>> LastRunsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var runs = await context.LibraryScanRuns.AsNoTracking()
            .Where(r => r.StartedAt == context.LibraryScanRuns.Where(x => x.VolumeId == r.VolumeId).Max(x => x.StartedAt))
            .ToListAsync(cancellationToken);
        return runs.GroupBy(r => r.VolumeId).ToDictionary(g => g.Key, g => g.First());
    }

    public async Task<Dictionary<Guid, (int Files, int Missing)>> FileCountsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var counts = await context.Files.Where(f => f.LibraryVolumeId != null && f.DeletedAt == null)
            .GroupBy(f => f.LibraryVolumeId!.Value)
            .Select(g => new { g.Key, Files = g.Count(), Missing = g.Count(f => f.MissingSince != null) })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.Key, c => (c.Files, c.Missing));
    }

    private async Task<Dictionary<string, string>> ValidateAsync(PrintStashDbContext context, LibraryVolumeInput input, Guid? id, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 128)
        {
            problems["name"] = "Give the library a name of 1 to 128 characters.";
        }
        else if (await context.LibraryVolumes.AnyAsync(v => v.Name == name && v.Id != id, cancellationToken))
        {
            problems["name"] = $"A library called '{name}' exists already.";
        }

        var others = await context.LibraryVolumes.Where(v => v.Id != id).Select(v => new { v.Name, v.RootPath }).ToListAsync(cancellationToken);
        if (LibraryVolumeRules.RootProblem(input.RootPath, options.Value.DataDirFullPath, others.Select(o => (o.Name, o.RootPath))) is { } rootProblem)
        {
            problems["rootPath"] = rootProblem;
        }

        if (LibrarySchedule.Problem(LibrarySchedule.Resolve(input.Schedule)) is { } scheduleProblem)
        {
            problems["schedule"] = scheduleProblem;
        }

        if (input.MaxVanishPercent is < 0 or > 100 || double.IsNaN(input.MaxVanishPercent))
        {
            problems["maxVanishPercent"] = "The removal limit is a share between 0 and 100 %.";
        }

        if (input.MissingGraceHours is < 0 or > 24 * 365)
        {
            problems["missingGraceHours"] = "The grace period is between 0 hours and one year.";
        }

        if (input.MarkerFile is { Length: > 0 } marker && (Path.IsPathRooted(marker) || marker.Split('/', '\\').Contains("..") || marker.Length > 255))
        {
            problems["markerFile"] = "The marker file is a name relative to the root, such as .printstash-volume.";
        }

        foreach (var (field, globs) in new[] { ("includeGlobs", input.IncludeGlobs), ("excludeGlobs", input.ExcludeGlobs) })
        {
            if (globs is { Length: > 4000 })
            {
                problems[field] = "At most 4000 characters of patterns.";
            }
        }

        if (!Enum.IsDefined(input.WatchMode))
        {
            problems["watchMode"] = "Watch mode is Auto, Always or Never.";
        }

        return problems;
    }

    private static void Apply(LibraryVolume volume, LibraryVolumeInput input)
    {
        volume.Enabled = input.Enabled;
        volume.WatchMode = input.WatchMode;
        volume.CronSchedule = LibrarySchedule.Resolve(input.Schedule);
        volume.IncludeGlobs = Blank(input.IncludeGlobs);
        volume.ExcludeGlobs = Blank(input.ExcludeGlobs);
        volume.MissingGraceHours = input.MissingGraceHours;
        volume.MaxVanishPercent = input.MaxVanishPercent;
        volume.MarkerFile = Blank(input.MarkerFile);
        volume.ReadOnly = true;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Raised when volumes change, so the watchers and the schedule reconcile at once instead of at their next tick.</summary>
public sealed class LibraryChangeSignal
{
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Raise() => Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes when a change is signalled or the timeout passed; every waiter sees every signal.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = Volatile.Read(ref changed).Task;
        await Task.WhenAny(signalled, Task.Delay(timeout, time, cts.Token));
        await cts.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
