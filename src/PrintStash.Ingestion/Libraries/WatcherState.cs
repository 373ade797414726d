namespace PrintStash.Ingestion.Libraries;

public enum WatcherStatus
{
    /// <summary>Watching for changes.</summary>
    Watching,

    /// <summary>Not watched by choice (disabled volume, watch mode Never) or by rule (network share under Auto).</summary>
    Off,

    /// <summary>Watching failed; the schedule keeps the volume current.</summary>
    Failed,
}

public sealed record WatcherState(WatcherStatus Status, string Detail, string? FileSystem);
