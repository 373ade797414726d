namespace PrintStash.Domain.Entities;

/// <summary>
/// A configured printer. Live state lives in memory (PrinterHub); the coarse snapshot columns below are written
/// at most every 30 s and on state changes, so the dashboard shows something right after a restart.
/// </summary>
public sealed class Printer
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>URL-safe unique name (lower-case, digits, dashes), e.g. for /octoprint/&lt;slug&gt;/api.</summary>
    public required string Slug { get; set; }

    public PrinterKind Kind { get; set; }

    /// <summary>Moonraker: base URL (http(s)://host:7125); Bambu: host or IP; PrusaLink: base URL.</summary>
    public required string Address { get; set; }

    /// <summary>API key / LAN access code / password, encrypted with ASP.NET Data Protection; never stored in clear.</summary>
    public string? ProtectedSecret { get; set; }

    /// <summary>PrusaLink digest user name; unused by the other kinds.</summary>
    public string? UserName { get; set; }

    /// <summary>Bambu serial number (MQTT topic device/&lt;serial&gt;/report).</summary>
    public string? SerialNumber { get; set; }

    /// <summary>SHA-256 fingerprint (hex) of a self-signed certificate the user chose to trust.</summary>
    public string? TrustedCertificateSha256 { get; set; }

    public string? Location { get; set; }

    /// <summary>Free tags, comma-separated, for dashboard filters ("farm-a,petg").</summary>
    public string? Tags { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    // Coarse snapshot (see class summary).
    public string? LastState { get; set; }

    public DateTime? LastSeenAt { get; set; }

    public Guid? CurrentJobId { get; set; }

    public DateTime? SnapshotWrittenAt { get; set; }
}
