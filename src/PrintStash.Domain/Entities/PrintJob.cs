namespace PrintStash.Domain.Entities;

/// <summary>One print on one printer (the job ledger). Unique on (<see cref="PrinterId"/>, <see cref="PrinterJobId"/>).</summary>
public sealed class PrintJob
{
    public Guid Id { get; set; }

    public Guid PrinterId { get; set; }

    /// <summary>The printer's own id for the job (Moonraker job_id, Bambu task id, PrusaLink job id).</summary>
    public required string PrinterJobId { get; set; }

    public required string FileName { get; set; }

    /// <summary>The vault file printed, when known (content hash of a file PrintStash sent, else name + size + metadata).</summary>
    public Guid? VaultFileId { get; set; }

    /// <summary>Who started it from PrintStash; null when started on the printer.</summary>
    public Guid? UserId { get; set; }

    public PrintJobStatus Status { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>Time actually printing (excludes pauses).</summary>
    public double PrintSeconds { get; set; }

    /// <summary>Wall time from start to end (includes pauses).</summary>
    public double TotalSeconds { get; set; }

    public double? FilamentUsedMm { get; set; }

    public double? FilamentUsedGrams { get; set; }

    /// <summary>Slicer metadata of the printed file as JSON (job details).</summary>
    public string? MetadataJson { get; set; }

    public DateTime UpdatedAt { get; set; }
}
