namespace PrintStash.Printers.Abstractions;

/// <summary>
/// One session with one printer. The supervisor creates a connection, calls <see cref="RunAsync"/>, and when it returns
/// or throws, disposes it and retries with back-off. Control calls are only made while <see cref="RunAsync"/> runs.
/// </summary>
public interface IPrinterConnection : IAsyncDisposable
{
    /// <summary>
    /// Connects, reports through the sink until the session ends. Returns when the printer closed the session;
    /// throws <see cref="PrinterAuthenticationException"/> when credentials are rejected, any other exception when the
    /// connection failed. <paramref name="backfillSince"/>: start time of the newest job the ledger knows (import newer
    /// history entries on connect), null when it knows none.
    /// </summary>
    Task RunAsync(IPrinterStatusSink sink, DateTime? backfillSince, CancellationToken cancellationToken);

    Task<PrinterCommandResult> PauseAsync(CancellationToken cancellationToken);

    Task<PrinterCommandResult> ResumeAsync(CancellationToken cancellationToken);

    Task<PrinterCommandResult> CancelAsync(CancellationToken cancellationToken);

    /// <summary>Starts a file already on the printer.</summary>
    Task<PrinterCommandResult> StartAsync(string fileName, CancellationToken cancellationToken);

    /// <summary>Uploads a file (streamed, never buffered whole) and optionally starts it.</summary>
    Task<PrinterCommandResult> UploadAsync(Stream content, string fileName, long length, bool startAfterUpload, IProgress<long>? progress, CancellationToken cancellationToken);
}
