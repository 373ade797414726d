namespace PrintStash.Domain.Entities;

/// <summary>One scan of a library volume: what started it, what it found and how it ended.</summary>
public sealed class LibraryScanRun
{
    public Guid Id { get; set; }

    public Guid VolumeId { get; set; }

    public LibraryScanTrigger Trigger { get; set; }

    /// <summary>"root" or the folders a watcher hint named, in words.</summary>
    public required string Scope { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public int Seen { get; set; }

    public int Added { get; set; }

    public int Updated { get; set; }

    public int Moved { get; set; }

    public int Removed { get; set; }

    public int Errors { get; set; }

    public LibraryScanOutcome Outcome { get; set; }

    /// <summary>For aborted runs: why ("aborted: root is missing"); otherwise a summary of problems, if any.</summary>
    public string? Message { get; set; }

    /// <summary>The first problems met (permission denied, unreadable names), one a line; bounded.</summary>
    public string? ErrorDetails { get; set; }

    /// <summary>For a run stopped for review: relative paths that would be removed, one a line (bounded).</summary>
    public string? PendingRemovals { get; set; }
}

public enum LibraryScanTrigger
{
    Manual = 0,
    Schedule = 1,
    Watcher = 2,
    ReviewConfirmed = 3,
}

public enum LibraryScanOutcome
{
    Running = 0,
    Completed = 1,
    Aborted = 2,
    NeedsReview = 3,
    Cancelled = 4,
    Failed = 5,
}
