namespace PrintStash.Printers;

/// <summary>Settings of the live printer machinery ("PrintStash:Printers"); the defaults suit a farm of a few hundred printers.</summary>
public sealed class PrintersOptions
{
    public const string SectionName = "PrintStash:Printers";

    /// <summary>Slug of the printer that "Upload and print" from a slicer uses when the slicer names none.</summary>
    public string? DefaultPrinter { get; set; }

    /// <summary>
    /// At most one batch per window goes to subscribers (newest snapshot per printer): the first change after a quiet
    /// window goes out at once, the ones right after it wait for the window's end (docs/adr/0007-live-dashboard-latency.md).
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Batches a slow subscriber may have queued before the oldest are dropped (it then gets a full resync).</summary>
    public int SubscriberQueueLength { get; set; } = 16;

    /// <summary>Spacing of the temperature/progress samples kept for sparklines.</summary>
    public TimeSpan HistoryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How far back the sparklines reach; the ring holds HistoryWindow / HistoryInterval samples.</summary>
    public TimeSpan HistoryWindow { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retry interval after the printer rejected the credentials (slow: the user has to fix them).</summary>
    public TimeSpan AuthFailedRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Safety-net reconcile of supervisors against the printers table (changes through the catalog apply at once).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The coarse snapshot (state, last seen, current job) is written at most this often per printer, and on state changes.</summary>
    public TimeSpan SnapshotWriteInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long stopping a supervisor waits for a driver to give up its connection.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest thumbnail kept in memory per printer; larger ones are ignored.</summary>
    public int MaxThumbnailBytes { get; set; } = 2 * 1024 * 1024;

    internal int HistoryCapacity => (int)Math.Clamp(HistoryWindow / HistoryInterval, 1, 100_000);
}
