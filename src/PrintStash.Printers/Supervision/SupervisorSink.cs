using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Supervision;

/// <summary>
/// The sink of one connection session. Once the session is over it ignores whatever the old connection still
/// reports, so a lingering driver can never overwrite the state of the session that replaced it.
/// </summary>
internal sealed class SupervisorSink(PrinterSupervisor supervisor, IPrinterConnection connection) : IPrinterStatusSink
{
    private volatile bool closed;
    private int established;

    public bool Established => Volatile.Read(ref established) == 1;

    public void ConnectionEstablished()
    {
        if (!closed && Interlocked.Exchange(ref established, 1) == 0)
        {
            supervisor.OnEstablished(connection);
        }
    }

    public void StatusChanged(PrinterStatus status)
    {
        if (!closed)
        {
            ConnectionEstablished();
            supervisor.OnStatus(status);
        }
    }

    public ValueTask JobReportedAsync(PrinterJobReport job, CancellationToken cancellationToken) =>
        closed ? ValueTask.CompletedTask : new ValueTask(supervisor.OnJobAsync(job, cancellationToken));

    public void ThumbnailChanged(ReadOnlyMemory<byte>? image, string? contentType)
    {
        if (!closed)
        {
            supervisor.OnThumbnail(image, contentType);
        }
    }

    public void Close() => closed = true;
}
