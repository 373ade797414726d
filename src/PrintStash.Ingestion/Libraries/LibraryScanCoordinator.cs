using Microsoft.Extensions.Logging;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;

namespace PrintStash.Ingestion.Libraries;

/// <summary>
/// Every trigger (button, API, schedule, watcher, review confirmation) asks here: at most one scan per volume runs;
/// triggers arriving meanwhile merge into one follow-up scan (the union of their scopes). Scans run in the background
/// and are cancellable; the jobs list keeps the running ones and the last finished ones.
/// </summary>
public sealed class LibraryScanCoordinator(
    LibraryScanner scanner,
    LibraryVolumeService volumes,
    TimeProvider time,
    ILogger<LibraryScanCoordinator> logger) : IAsyncDisposable
{
    public const int FinishedJobsKept = 20;

    /// <summary>Files that were changing during a scan are looked at again after this pause.</summary>
    public static readonly TimeSpan ChangingRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, ScanJob> running = [];
    private readonly Dictionary<Guid, PendingScan> pending = [];
    private readonly LinkedList<ScanJob> finished = new();
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Raised (on a worker thread) when a job starts or ends.</summary>
    public event Action? JobsChanged;

    public IReadOnlyList<ScanJob> Jobs
    {
        get
        {
            lock (gate)
            {
                return [.. running.Values.OrderBy(j => j.StartedAt), .. finished];
            }
        }
    }

    public ScanJob? Find(Guid jobId) => Jobs.FirstOrDefault(j => j.Id == jobId);

    public ScanJob? RunningFor(Guid volumeId)
    {
        lock (gate)
        {
            return running.GetValueOrDefault(volumeId);
        }
    }

    /// <summary>Starts a scan, or folds the request into the follow-up of the scan already running. Null when the volume does not exist or is disabled.</summary>
    public async Task<ScanJob?> RequestAsync(Guid volumeId, LibraryScope scope, LibraryScanTrigger trigger, AuditActor actor, bool confirmed = false)
    {
        var volume = await volumes.GetAsync(volumeId, stopping.Token);
        if (volume is null || (!volume.Enabled && trigger is LibraryScanTrigger.Schedule or LibraryScanTrigger.Watcher))
        {
            return null;
        }

        lock (gate)
        {
            if (running.TryGetValue(volumeId, out var current))
            {
                pending[volumeId] = pending.TryGetValue(volumeId, out var queued)
                    ? new PendingScan(queued.Scope.Merge(scope), queued.Trigger, actor, queued.Confirmed || confirmed)
                    : new PendingScan(scope, trigger, actor, confirmed);
                current.FollowUpQueued = true;
                return current;
            }

            return StartLocked(volume, scope, trigger, actor, confirmed);
        }
    }

    public bool Cancel(Guid jobId)
    {
        lock (gate)
        {
            var job = running.Values.FirstOrDefault(j => j.Id == jobId);
            if (job is null)
            {
                return false;
            }

            pending.Remove(job.VolumeId);
            job.Cancellation.Cancel();
            return true;
        }
    }

    /// <summary>For tests and shutdown: waits until no scan of the volume runs or is queued.</summary>
    public async Task WaitIdleAsync(Guid volumeId, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task completion;
            lock (gate)
            {
                if (!running.TryGetValue(volumeId, out var job))
                {
                    return;
                }

                completion = job.Completion;
            }

            await completion.WaitAsync(cancellationToken);
            await Task.Yield();
        }
    }

    private ScanJob StartLocked(LibraryVolume volume, LibraryScope scope, LibraryScanTrigger trigger, AuditActor actor, bool confirmed)
    {
        var job = new ScanJob(volume.Id, volume.Name, trigger, scope, time.GetUtcNow());
        running[volume.Id] = job;
        job.Completion = Task.Run(() => RunAsync(volume, job, actor, confirmed));
        JobsChanged?.Invoke();
        return job;
    }

    private async Task RunAsync(LibraryVolume volume, ScanJob job, AuditActor actor, bool confirmed)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, stopping.Token);
        try
        {
            var report = await scanner.ScanLibraryAsync(volume, job.Scope, new ScanOptions(job.Trigger, actor) { Confirmed = confirmed },
                new Progress(job), linked.Token);
            job.Report = report;
            job.Status = report.Outcome switch
            {
                LibraryScanOutcome.Completed => ScanJobStatus.Completed,
                LibraryScanOutcome.Aborted => ScanJobStatus.Aborted,
                LibraryScanOutcome.NeedsReview => ScanJobStatus.NeedsReview,
                LibraryScanOutcome.Cancelled => ScanJobStatus.Cancelled,
                _ => ScanJobStatus.Failed,
            };
            if (report.ChangingFolders.Count > 0)
            {
                // A file still being written directly in the root is retried with the root's own files, not a walk of every folder.
                _ = RetryChangingAsync(volume.Id, LibraryScope.FromHints([.. report.ChangingFolders.Select(f => f.Length == 0 ? LibraryScope.RootFilesHint : f)]), actor);
            }
        }
        catch (OperationCanceledException)
        {
            job.Status = ScanJobStatus.Cancelled;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Library scan job for {Volume} failed", volume.Name);
            job.Status = ScanJobStatus.Failed;
        }
        finally
        {
            job.EndedAt = time.GetUtcNow();
            await FinishAsync(job);
        }
    }

    private async Task FinishAsync(ScanJob job)
    {
        PendingScan? next;
        lock (gate)
        {
            running.Remove(job.VolumeId);
            finished.AddFirst(job);
            while (finished.Count > FinishedJobsKept)
            {
                finished.RemoveLast();
            }

            pending.Remove(job.VolumeId, out next);
        }

        JobsChanged?.Invoke();
        if (next is not null && !stopping.IsCancellationRequested)
        {
            try
            {
                await RequestAsync(job.VolumeId, next.Scope, next.Trigger, next.Actor, next.Confirmed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not start the follow-up scan of {Volume}", job.VolumeName);
            }
        }
    }

    private async Task RetryChangingAsync(Guid volumeId, LibraryScope scope, AuditActor actor)
    {
        try
        {
            await Task.Delay(ChangingRetryDelay, time, stopping.Token);
            await RequestAsync(volumeId, scope, LibraryScanTrigger.Watcher, actor);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        Task[] tasks;
        lock (gate)
        {
            tasks = [.. running.Values.Select(j => j.Completion)];
        }

        try
        {
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Scans stop at their next cancellation check; nothing half-applied stays behind (each batch is one transaction).
        }

        stopping.Dispose();
    }

    private sealed record PendingScan(LibraryScope Scope, LibraryScanTrigger Trigger, AuditActor Actor, bool Confirmed);

    private sealed class Progress(ScanJob job) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => job.SetProgress(value);
    }
}
