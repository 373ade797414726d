using PrintStash.Domain.Entities;

namespace PrintStash.Printers.Abstractions;

/// <summary>
/// A job as the printer tells it (live start/progress/finish, or a history entry during backfill).
/// The ledger is idempotent on (printer, <see cref="PrinterJobId"/>): reporting the same job twice updates one row.
/// </summary>
public sealed record PrinterJobReport(
    string PrinterJobId,
    string FileName,
    PrintJobStatus Status,
    DateTime StartedAt,
    DateTime? EndedAt,
    double PrintSeconds,
    double TotalSeconds,
    double? FilamentUsedMm = null,
    double? FilamentUsedGrams = null,
    long? FileSize = null,
    /// <summary>Slicer metadata the printer holds for the file (JSON object), for job details and vault matching.</summary>
    string? MetadataJson = null);
