namespace PrintStash.Printers.Abstractions;

/// <summary>Where a running connection reports; implemented by the supervisor, which forwards to the hub and ledger.</summary>
public interface IPrinterStatusSink
{
    /// <summary>The first good message of a session: the supervisor resets its back-off and marks the printer online.</summary>
    void ConnectionEstablished();

    /// <summary>The merged current status (call on every change; the hub coalesces).</summary>
    void StatusChanged(PrinterStatus status);

    /// <summary>A job started, changed or finished (live or from history backfill). Idempotent on the printer job id.</summary>
    ValueTask JobReportedAsync(PrinterJobReport job, CancellationToken cancellationToken);

    /// <summary>The thumbnail of the file being printed (PNG/JPEG bytes) or null when there is none.</summary>
    void ThumbnailChanged(ReadOnlyMemory<byte>? image, string? contentType);
}
