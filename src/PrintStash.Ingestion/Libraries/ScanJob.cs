using PrintStash.Domain.Entities;

namespace PrintStash.Ingestion.Libraries;

public enum ScanJobStatus
{
    Running,
    Completed,
    Aborted,
    NeedsReview,
    Cancelled,
    Failed,
}

/// <summary>A scan in the jobs list: live progress while it runs, the report when it ends.</summary>
public sealed class ScanJob
{
    private ScanProgress progress = new("queued", 0, 0, 0, 0, 0, 0, 0, 0);

    internal ScanJob(Guid volumeId, string volumeName, LibraryScanTrigger trigger, LibraryScope scope, DateTimeOffset startedAt)
    {
        VolumeId = volumeId;
        VolumeName = volumeName;
        Trigger = trigger;
        Scope = scope;
        StartedAt = startedAt;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public Guid VolumeId { get; }

    public string VolumeName { get; }

    public LibraryScanTrigger Trigger { get; }

    public LibraryScope Scope { get; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? EndedAt { get; internal set; }

    public ScanJobStatus Status { get; internal set; } = ScanJobStatus.Running;

    public ScanReport? Report { get; internal set; }

    /// <summary>A trigger arrived while this scan ran: one follow-up scan will run after it.</summary>
    public bool FollowUpQueued { get; internal set; }

    public ScanProgress Progress => Volatile.Read(ref progress);

    internal CancellationTokenSource Cancellation { get; } = new();

    internal Task Completion { get; set; } = Task.CompletedTask;

    internal void SetProgress(ScanProgress value) => Volatile.Write(ref progress, value);

    /// <summary>Files per second of the current phase, and the estimated time left (while hashing).</summary>
    public (double Rate, TimeSpan? Eta) Speed(DateTimeOffset now)
    {
        var elapsed = ((EndedAt ?? now) - StartedAt).TotalSeconds;
        var p = Progress;
        var done = p.Phase == "hashing" ? p.Hashed : p.Seen;
        var rate = elapsed > 0.5 ? done / elapsed : 0;
        TimeSpan? eta = p.Phase == "hashing" && rate > 0 ? TimeSpan.FromSeconds((p.ToHash - p.Hashed) / rate) : null;
        return (rate, eta);
    }
}
