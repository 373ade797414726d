namespace PrintStash.Ingestion.Libraries;

/// <summary>PrintStash:Libraries in configuration.</summary>
public sealed class LibraryOptions
{
    /// <summary>How long a folder must be quiet after a watcher event before it is scanned.</summary>
    public int WatchDebounceMilliseconds { get; set; } = 2000;

    /// <summary>How often watchers are compared with the volumes in the database (changes through the UI apply at once).</summary>
    public int WatchReconcileSeconds { get; set; } = 60;
}
