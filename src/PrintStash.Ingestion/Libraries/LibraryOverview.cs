using PrintStash.Domain.Entities;

namespace PrintStash.Ingestion.Libraries;

/// <summary>Everything the Libraries page and API show about a volume, in one read.</summary>
public sealed record LibraryVolumeStatus(
    LibraryVolume Volume,
    int Files,
    int Missing,
    LibraryScanRun? LastRun,
    DateTimeOffset? NextRun,
    WatcherState Watcher,
    string? FileSystem,
    ScanJob? RunningJob);

public sealed class LibraryOverview(
    LibraryVolumeService volumes,
    LibraryScanCoordinator coordinator,
    LibraryWatcherService watchers,
    TimeProvider time)
{
    /// <summary>Raised (on a worker thread) when a scan starts or ends or a watcher's state changes: what this overview shows moved.</summary>
    public event Action? Changed
    {
        add
        {
            coordinator.JobsChanged += value;
            watchers.StatesChanged += value;
        }

        remove
        {
            coordinator.JobsChanged -= value;
            watchers.StatesChanged -= value;
        }
    }

    public async Task<List<LibraryVolumeStatus>> ListAsync(CancellationToken cancellationToken)
    {
        var list = await volumes.ListAsync(cancellationToken);
        var lastRuns = await volumes.LastRunsAsync(cancellationToken);
        var counts = await volumes.FileCountsAsync(cancellationToken);
        var now = time.GetUtcNow();
        return list.Select(v =>
        {
            var (files, missing) = counts.GetValueOrDefault(v.Id);
            var next = v.Enabled ? LibrarySchedule.NextRun(v.CronSchedule, now, time.LocalTimeZone) : null;
            return new LibraryVolumeStatus(v, files, missing, lastRuns.GetValueOrDefault(v.Id), next, watchers.StateOf(v.Id),
                MountTable.Find(v.RootPath)?.Kind, coordinator.RunningFor(v.Id));
        }).ToList();
    }

    public async Task<LibraryVolumeStatus?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(s => s.Volume.Id == id);

    /// <summary>The removals the last scan held back for review, if its outcome was "review removals".</summary>
    public async Task<LibraryScanRun?> PendingReviewAsync(Guid id, CancellationToken cancellationToken)
    {
        var last = (await volumes.HistoryAsync(id, 1, cancellationToken)).FirstOrDefault();
        return last is { Outcome: LibraryScanOutcome.NeedsReview } ? last : null;
    }
}
