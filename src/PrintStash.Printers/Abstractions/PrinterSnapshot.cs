namespace PrintStash.Printers.Abstractions;

/// <summary>
/// What the hub holds for one printer: identity, connection and the last status. Immutable; a new snapshot replaces
/// the old one on every change, so readers never see half an update.
/// </summary>
public sealed record PrinterSnapshot
{
    public required Guid PrinterId { get; init; }

    public required string Name { get; init; }

    public required string Slug { get; init; }

    public required Domain.Entities.PrinterKind Kind { get; init; }

    public string? Location { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public PrinterConnectionState Connection { get; init; }

    /// <summary>Set while <see cref="Connection"/> is Offline or AuthFailed.</summary>
    public DateTime? NextRetryAt { get; init; }

    /// <summary>Why the last connection attempt failed, in words.</summary>
    public string? ConnectionError { get; init; }

    public DateTime? LastSeenAt { get; init; }

    public PrinterStatus Status { get; init; } = PrinterStatus.Unknown;

    /// <summary>Estimated end, from <see cref="PrinterStatus.Remaining"/> at the last update.</summary>
    public DateTime? Eta { get; init; }

    /// <summary>The PrintStash job row of the current print, when one is running.</summary>
    public Guid? CurrentJobId { get; init; }

    /// <summary>Changes whenever the thumbnail of the current file changes (cache key for the thumbnail endpoint).</summary>
    public string? ThumbnailKey { get; init; }

    /// <summary>Increases with every change; lets subscribers drop stale batches.</summary>
    public long Version { get; init; }
}
