namespace PrintStash.Printers.Abstractions;

/// <summary>Whether PrintStash can talk to the printer (not what the printer is doing).</summary>
public enum PrinterConnectionState
{
    Connecting = 0,
    Online = 1,
    /// <summary>Not reachable; the supervisor retries at <see cref="PrinterSnapshot.NextRetryAt"/>.</summary>
    Offline = 2,
    /// <summary>The printer rejected the key / access code; retried slowly until the user fixes it.</summary>
    AuthFailed = 3,
    Disabled = 4,
}
