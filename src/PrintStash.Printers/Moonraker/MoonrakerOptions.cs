namespace PrintStash.Printers.Moonraker;

/// <summary>Limits and timings of the Moonraker driver; the defaults suit a home network and a print farm alike.</summary>
public sealed class MoonrakerOptions
{
    /// <summary>TCP + TLS + WebSocket handshake.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one JSON-RPC or HTTP request may wait for its answer (identify included).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>After this much silence the driver asks <c>server.info</c>; no answer ends the session.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>While Klipper is not ready, <c>server.info</c> is polled this often.</summary>
    public TimeSpan KlippyPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A bigger WebSocket message or HTTP answer ends the session with a clear error.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    public int MaxThumbnailBytes { get; set; } = 4 * 1024 * 1024;

    public int HistoryPageSize { get; set; } = 50;

    /// <summary>At most this many history entries are imported on one connect (the newest ones).</summary>
    public int HistoryMaxJobs { get; set; } = 5_000;

    /// <summary>Metadata of a just-uploaded file may not be parsed yet; retried this many times, <see cref="MetadataRetryDelay"/> apart.</summary>
    public int MetadataAttempts { get; set; } = 4;

    public TimeSpan MetadataRetryDelay { get; set; } = TimeSpan.FromSeconds(1.5);

    public string ClientName { get; set; } = "PrintStash";

    public string ClientVersion { get; set; } = "1.0";
}
