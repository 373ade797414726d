namespace PrintStash.Domain.Entities;

/// <summary>How a print ended (or that it is still running), in Moonraker's vocabulary plus "interrupted".</summary>
public enum PrintJobStatus
{
    InProgress = 0,
    Completed = 1,
    Cancelled = 2,
    Error = 3,
    KlippyShutdown = 4,
    /// <summary>The connection or PrintStash went away and the printer's history never told how the job ended.</summary>
    Interrupted = 5,
}
