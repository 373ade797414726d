namespace PrintStash.Domain.Entities;

/// <summary>
/// A folder tree indexed in place (a NAS share, a local disk): its files stay where they are and the vault rows point
/// at them. Scans never write into the root; <see cref="ReadOnly"/> is the default and the only mode today.
/// </summary>
public sealed class LibraryVolume
{
    public const double DefaultMaxVanishPercent = 5;

    public const int DefaultMissingGraceHours = 72;

    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Absolute, normalised path of the root folder (no trailing separator).</summary>
    public required string RootPath { get; set; }

    public bool Enabled { get; set; } = true;

    public LibraryWatchMode WatchMode { get; set; } = LibraryWatchMode.Auto;

    /// <summary>Quartz cron expression of scheduled scans; null means no schedule.</summary>
    public string? CronSchedule { get; set; }

    /// <summary>Globs (one a line) a file must match to be indexed; empty means every printable file.</summary>
    public string? IncludeGlobs { get; set; }

    /// <summary>Globs (one a line) skipped on top of the built-in temp-file filters.</summary>
    public string? ExcludeGlobs { get; set; }

    public bool ReadOnly { get; set; } = true;

    /// <summary>How long a vanished file stays marked missing before its row goes to the trash.</summary>
    public int MissingGraceHours { get; set; } = DefaultMissingGraceHours;

    /// <summary>A scan that would remove more than this share of the indexed files stops for review.</summary>
    public double MaxVanishPercent { get; set; } = DefaultMaxVanishPercent;

    /// <summary>Identity of the filesystem the root lived on at the last good scan (block device number, or type and source of a share).</summary>
    public string? DeviceId { get; set; }

    /// <summary>Optional file (relative to the root) that must exist, proving the right share is mounted.</summary>
    public string? MarkerFile { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public enum LibraryWatchMode
{
    /// <summary>Watch local filesystems only; network shares rely on the schedule.</summary>
    Auto = 0,
    Always = 1,
    Never = 2,
}
