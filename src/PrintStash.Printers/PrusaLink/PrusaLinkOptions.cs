namespace PrintStash.Printers.PrusaLink;

/// <summary>Tuning for the PrusaLink driver; the defaults follow what the printers cope with.</summary>
public sealed class PrusaLinkOptions
{
    public const string SectionName = "PrintStash:Printers:PrusaLink";

    public TimeSpan PollWhilePrinting { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan PollWhileIdle { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per request (connect + answer), not for uploads.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An upload (or the printer's answer to it) that makes no progress this long is abandoned.</summary>
    public TimeSpan UploadStallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest JSON answer accepted; real ones are a few kB.</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    public int MaxThumbnailBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Replace a file of the same name on the printer (unless it is being printed).</summary>
    public bool OverwriteExistingFiles { get; set; } = true;
}
