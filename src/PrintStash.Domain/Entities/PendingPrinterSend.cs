namespace PrintStash.Domain.Entities;

/// <summary>
/// A file PrintStash uploaded to a printer, waiting for the job that prints it: who sent it and which vault file it is,
/// so the job is linked to both when it starts, even after a PrintStash restart in between. Expires after a day.
/// </summary>
public sealed class PendingPrinterSend
{
    public Guid Id { get; set; }

    public Guid PrinterId { get; set; }

    /// <summary>The bare file name on the printer (no folders).</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>SHA-256 of the content, lowercase hex.</summary>
    public string Sha256 { get; set; } = string.Empty;

    public Guid? VaultFileId { get; set; }

    public Guid? UserId { get; set; }

    public DateTime SentAt { get; set; }
}
