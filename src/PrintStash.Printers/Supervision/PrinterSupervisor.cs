using Microsoft.Extensions.Logging;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Hub;
using PrintStash.Printers.Jobs;

namespace PrintStash.Printers.Supervision;

/// <summary>
/// Keeps one connection to one printer alive: connect, run until the session ends, dispose, wait (capped exponential
/// back-off with jitter, reset by the first good message; slow retry after rejected credentials), repeat. One loop,
/// awaited step by step, so there is never more than one connection per printer.
/// </summary>
internal sealed class PrinterSupervisor : IAsyncDisposable
{
    private readonly IPrinterDriver driver;
    private readonly PrinterHub hub;
    private readonly JobLedger ledger;
    private readonly PrintersOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ReconnectBackoff backoff;
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationToken stopToken;
    private readonly Lock ledgerGate = new();
    private Task ledgerWork = Task.CompletedTask;
    private Task loop = Task.CompletedTask;
    private volatile IPrinterConnection? live;
    private PrinterActivity lastActivity = PrinterActivity.Unknown;

    public PrinterSupervisor(
        PrinterDefinition definition,
        string fingerprint,
        IPrinterDriver driver,
        PrinterHub hub,
        JobLedger ledger,
        PrintersOptions options,
        TimeProvider time,
        ILogger logger,
        Func<double> random)
    {
        Definition = definition;
        Fingerprint = fingerprint;
        this.driver = driver;
        this.hub = hub;
        this.ledger = ledger;
        this.options = options;
        this.time = time;
        this.logger = logger;
        backoff = new ReconnectBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay, random);
        stopToken = stopping.Token;
    }

    public PrinterDefinition Definition { get; }

    /// <summary>The configuration this supervisor runs with; a different fingerprint means restart.</summary>
    public string Fingerprint { get; }

    public Guid PrinterId => Definition.Id;

    /// <summary>The connection while a session is established (for control commands), else null.</summary>
    public IPrinterConnection? LiveConnection => live;

    /// <summary>Failed attempts since the last good message.</summary>
    public int ConsecutiveFailures => backoff.Failures;

    public void Start() => loop = Task.Run(() => RunAsync(stopToken));

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await loop.WaitAsync(options.StopTimeout, time);
            await ledgerWork.WaitAsync(options.StopTimeout, time);
        }
        catch (OperationCanceledException)
        {
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The {Kind} driver of printer {Printer} did not stop within {Timeout}; abandoning its connection", Definition.Kind, Definition.Name, options.StopTimeout);
        }

        stopping.Dispose();
    }

    internal void OnEstablished(IPrinterConnection connection)
    {
        backoff.Reset();
        live = connection;
        var now = time.GetUtcNow().UtcDateTime;
        hub.Update(PrinterId, s => s with { Connection = PrinterConnectionState.Online, NextRetryAt = null, ConnectionError = null, LastSeenAt = now });
    }

    internal void OnStatus(PrinterStatus status)
    {
        hub.ReportStatus(PrinterId, status);
        var previous = lastActivity;
        lastActivity = status.Activity;

        // Idle while the ledger may still hold a running job: it ended unseen (history, when it knows, overrides).
        if (status.Activity == PrinterActivity.Standby && previous != PrinterActivity.Standby && hub.Find(PrinterId)?.CurrentJobId is not null)
        {
            QueueLedgerWork(async ct =>
            {
                await ledger.MarkInterruptedAsync(PrinterId, null, ct);
                hub.Update(PrinterId, s => s.CurrentJobId is null ? s : s with { CurrentJobId = null });
            });
        }
    }

    internal async Task OnJobAsync(PrinterJobReport report, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopToken);
        var entry = await ledger.RecordAsync(PrinterId, report, linked.Token);
        if (entry is null)
        {
            return;
        }

        hub.Update(PrinterId, s =>
        {
            var current = entry.Status == Domain.Entities.PrintJobStatus.InProgress ? entry.JobId : s.CurrentJobId == entry.JobId ? null : s.CurrentJobId;
            return current == s.CurrentJobId ? s : s with { CurrentJobId = current };
        });
    }

    internal void OnThumbnail(ReadOnlyMemory<byte>? image, string? contentType) => hub.SetThumbnail(PrinterId, image, contentType);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            hub.Update(PrinterId, s => s with { Connection = PrinterConnectionState.Connecting, NextRetryAt = null });
            var (state, delay, error) = await RunSessionAsync(cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var retryAt = time.GetUtcNow().UtcDateTime + delay;
            hub.Update(PrinterId, s => s with { Connection = state, NextRetryAt = retryAt, ConnectionError = error });
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One connection, from creation to disposal; returns the state to show and how long to wait.</summary>
    private async Task<(PrinterConnectionState State, TimeSpan Delay, string? Error)> RunSessionAsync(CancellationToken cancellationToken)
    {
        IPrinterConnection connection;
        try
        {
            connection = driver.CreateConnection(Definition);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not create a connection to printer {Printer}", Definition.Name);
            return (PrinterConnectionState.Offline, backoff.NextDelay(), ex.Message);
        }

        var sink = new SupervisorSink(this, connection);
        try
        {
            var since = await ledger.NewestStartedAtAsync(PrinterId, cancellationToken);
            await connection.RunAsync(sink, since, cancellationToken);
            return (PrinterConnectionState.Offline, backoff.NextDelay(), "The printer closed the connection.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (PrinterConnectionState.Offline, TimeSpan.Zero, null);
        }
        catch (PrinterAuthenticationException ex)
        {
            logger.LogWarning("Printer {Printer} rejected the credentials: {Message}", Definition.Name, ex.Message);
            return (PrinterConnectionState.AuthFailed, options.AuthFailedRetryDelay, ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogInformation("Connection to printer {Printer} failed: {Message}", Definition.Name, ex.Message);
            return (PrinterConnectionState.Offline, backoff.NextDelay(), ex.Message);
        }
        finally
        {
            sink.Close();
            live = null;
            await DisposeConnectionAsync(connection);
        }
    }

    private async Task DisposeConnectionAsync(IPrinterConnection connection)
    {
        try
        {
            await connection.DisposeAsync().AsTask().WaitAsync(options.StopTimeout, time);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Closing the connection to printer {Printer} took longer than {Timeout}", Definition.Name, options.StopTimeout);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Closing the connection to printer {Printer} failed", Definition.Name);
        }
    }

    private void QueueLedgerWork(Func<CancellationToken, Task> work)
    {
        lock (ledgerGate)
        {
            ledgerWork = ledgerWork.ContinueWith(
                async _ =>
                {
                    try
                    {
                        await work(stopToken);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    catch (Exception ex)
                    {
                        logger.LogWarning(ex, "Updating the job ledger of printer {Printer} failed", Definition.Name);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }
    }
}
