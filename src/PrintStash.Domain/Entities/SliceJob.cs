namespace PrintStash.Domain.Entities;

public enum SliceJobState
{
    Queued = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
}

/// <summary>One server-side slice of a mesh file: what was asked, how far it got, and the G-code it produced.</summary>
public sealed class SliceJob
{
    public Guid Id { get; set; }

    public Guid SourceFileId { get; set; }

    public Guid ModelId { get; set; }

    public Guid? PrinterProfileId { get; set; }

    public Guid? FilamentProfileId { get; set; }

    public Guid? ProcessProfileId { get; set; }

    /// <summary>Profile names at the time of slicing (profiles may be edited or deleted later).</summary>
    public required string ProfileSummary { get; set; }

    public SliceJobState State { get; set; }

    public int Progress { get; set; }

    public string? Message { get; set; }

    public Guid? ResultFileId { get; set; }

    public Guid RequestedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}
