namespace PrintStash.Domain.Entities;

/// <summary>
/// One file of a model. The bytes live in a content-addressed blob (<see cref="BlobHash"/>); several rows may share a blob.
/// Print files (G-code, .gcode.3mf, .bgcode) carry a status, and exactly one print file of a model is recommended.
/// </summary>
public sealed class VaultFile
{
    public Guid Id { get; set; }

    public Guid ModelId { get; set; }

    public Model? Model { get; set; }

    public Guid RevisionId { get; set; }

    public Revision? Revision { get; set; }

    /// <summary>The name shown to people (NFC, no path); never used as a storage path.</summary>
    public required string DisplayName { get; set; }

    /// <summary>FileKind of the Ingestion project, stored by name ("Stl", "GCode", …).</summary>
    public required string Kind { get; set; }

    public bool IsPrintFile { get; set; }

    public required string BlobHash { get; set; }

    public long Size { get; set; }

    public IngestOrigin Origin { get; set; }

    public Guid? AddedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DeletedAt { get; set; }

    public PrintStatus PrintStatus { get; set; }

    public string? Label { get; set; }

    public string? Notes { get; set; }

    public bool IsRecommended { get; set; }

    public ProcessingState ThumbnailState { get; set; }

    public ProcessingState MetadataState { get; set; }

    /// <summary>Why a processing step failed, in words ("thumbnail failed: …"); the file itself is never lost.</summary>
    public string? ProcessingError { get; set; }

    public string? ThumbnailHash { get; set; }

    public string? SmallThumbnailHash { get; set; }

    /// <summary>Everything the format reader found, as JSON (print and mesh facts, object names, raw key/values).</summary>
    public string? MetadataJson { get; set; }

    // Denormalised from the metadata for search and filters.
    public string? FilamentType { get; set; }

    public string? PrinterModel { get; set; }

    public string? Slicer { get; set; }

    public int? EstimatedSeconds { get; set; }

    public double? FilamentWeightG { get; set; }

    // In-place files of a library volume: the bytes stay in the volume (never copied into the store);
    // BlobHash then names the content (for moves and duplicates) and has a row but no stored bytes.

    /// <summary>The library volume holding the bytes; null for files stored in the vault.</summary>
    public Guid? LibraryVolumeId { get; set; }

    /// <summary>Path relative to the volume root, '/'-separated, exactly as the filesystem spells it.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>Last-write time (UTC ticks) of the in-place file when it was last indexed.</summary>
    public long? SourceModifiedTicks { get; set; }

    /// <summary>When a scan first found the in-place file gone; cleared if it comes back, trashed after the grace period.</summary>
    public DateTime? MissingSince { get; set; }

    public bool IsInPlace => LibraryVolumeId is not null;
}
