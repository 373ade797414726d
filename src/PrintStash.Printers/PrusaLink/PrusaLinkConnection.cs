using System.Net;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.PrusaLink;

/// <summary>
/// One session with a PrusaLink printer: checks identity, then polls /api/v1/status and /api/v1/job (fast while a job
/// runs, slow when idle) and reports status, job changes and the current file's thumbnail. Control calls use the job id
/// of the last poll and wake the loop so the change shows at once.
/// </summary>
internal sealed class PrusaLinkConnection : IPrinterConnection
{
    private readonly PrusaLinkClient client;
    private readonly PrusaLinkOptions options;
    private readonly TimeProvider timeProvider;
    private readonly PrusaLinkJobTracker jobs;
    private readonly SemaphoreSlim wake = new(0, 1);
    private volatile PrinterStatus? lastStatus;
    private string? thumbnailReference;
    private string storage = "usb";
    private volatile bool running;

    public PrusaLinkConnection(PrusaLinkEndpoint endpoint, PrusaLinkOptions options, TimeProvider timeProvider)
    {
        client = new PrusaLinkClient(endpoint, options, timeProvider);
        this.options = options;
        this.timeProvider = timeProvider;
        jobs = new PrusaLinkJobTracker(timeProvider);
    }

    /// <summary>PrusaLink keeps no job history, so <paramref name="backfillSince"/> has nothing to import.</summary>
    public async Task RunAsync(IPrinterStatusSink sink, DateTime? backfillSince, CancellationToken cancellationToken)
    {
        try
        {
            var version = await client.GetVersionAsync(cancellationToken);
            if (!PrusaLinkIdentity.IsPrusaLink(version))
            {
                throw new PrusaLinkException(
                    $"This is not a PrusaLink printer (it says it is '{version.Text ?? "unknown"}').", PrusaLinkFailure.NotPrusaLink);
            }

            var info = await client.TryGetInfoAsync(cancellationToken);
            var firmware = PrusaLinkIdentity.Describe(version, info);
            var first = await client.GetStatusAsync(cancellationToken);
            storage = PrusaLinkIdentity.PickStorage(await TryGetStorageAsync(cancellationToken), first.Storage);
            running = true;
            sink.ConnectionEstablished();

            var status = first;
            while (true)
            {
                await PublishAsync(sink, status, firmware, cancellationToken);
                await WaitAsync(IsBusy(lastStatus) ? options.PollWhilePrinting : options.PollWhileIdle, cancellationToken);
                status = await client.GetStatusAsync(cancellationToken);
            }
        }
        catch (PrusaLinkException e) when (e.Failure == PrusaLinkFailure.AuthRejected)
        {
            throw new PrinterAuthenticationException(e.Message);
        }
        finally
        {
            running = false;
        }
    }

    public Task<PrinterCommandResult> PauseAsync(CancellationToken cancellationToken) =>
        JobCommandAsync(HttpMethod.Put, "pause", "The print cannot be paused now: it is not printing.", cancellationToken);

    public Task<PrinterCommandResult> ResumeAsync(CancellationToken cancellationToken) =>
        JobCommandAsync(HttpMethod.Put, "resume", "The print cannot be resumed now: it is not paused.", cancellationToken);

    public Task<PrinterCommandResult> CancelAsync(CancellationToken cancellationToken) =>
        JobCommandAsync(HttpMethod.Delete, null, "The print cannot be stopped now.", cancellationToken);

    public async Task<PrinterCommandResult> StartAsync(string fileName, CancellationToken cancellationToken)
    {
        if (PrusaLinkFilePath.TryBuild(storage, fileName, out var path) is { } problem)
        {
            return PrinterCommandResult.Refused(problem);
        }

        return await CommandAsync(HttpMethod.Post, path, cancellationToken, status => status switch
        {
            HttpStatusCode.Conflict => "The printer is busy.",
            HttpStatusCode.NotFound => $"'{fileName}' is not on the printer.",
            _ => null,
        });
    }

    public async Task<PrinterCommandResult> UploadAsync(
        Stream content, string fileName, long length, bool startAfterUpload, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (PrusaLinkFilePath.TryBuild(storage, fileName, out var path) is { } problem)
        {
            return PrinterCommandResult.Refused(problem);
        }

        if (!PrusaLinkFilePath.IsPrintable(fileName))
        {
            return PrinterCommandResult.Refused("PrusaLink printers accept only .gcode and .bgcode files.");
        }

        if (length <= 0)
        {
            return PrinterCommandResult.Refused("The file is empty.");
        }

        if (startAfterUpload && IsBusy(lastStatus))
        {
            return PrinterCommandResult.Refused("The printer is busy: it is printing another file.");
        }

        try
        {
            // Also refreshes the digest nonce, so the streamed body goes out once with a valid answer.
            var (exists, printed) = await client.ProbeFileAsync(path, cancellationToken);
            if (exists && printed)
            {
                return PrinterCommandResult.Refused("A file with this name is being printed right now; wait for the print to end.");
            }

            if (exists && !options.OverwriteExistingFiles)
            {
                return PrinterCommandResult.Refused("The file already exists on the printer.");
            }

            var (status, error, stale) = await client.UploadAsync(path, content, length, exists, startAfterUpload, progress, cancellationToken);
            if (status is HttpStatusCode.Created or HttpStatusCode.NoContent or HttpStatusCode.OK)
            {
                Wake();
                return PrinterCommandResult.Ok;
            }

            return PrinterCommandResult.Refused(status switch
            {
                HttpStatusCode.Unauthorized when stale => "The printer asked to log in again during the upload; send the file again.",
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "The printer rejected the credentials.",
                HttpStatusCode.Conflict when startAfterUpload => "The printer is busy." + Detail(error),
                HttpStatusCode.Conflict => "The file already exists on the printer." + Detail(error),
                HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.InsufficientStorage => "The printer's storage is full." + Detail(error),
                HttpStatusCode.UnsupportedMediaType => "The printer does not accept this file type." + Detail(error),
                _ => $"The printer refused the upload ({(int)status})." + Detail(error),
            });
        }
        catch (PrusaLinkException e)
        {
            return PrinterCommandResult.Refused(e.Message);
        }
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        wake.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsBusy(PrinterStatus? status) =>
        status?.Activity is PrinterActivity.Printing or PrinterActivity.Paused;

    private static string Detail(string? error) => error is null ? string.Empty : $" ({error})";

    private async Task<PrusaLinkStorageList?> TryGetStorageAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetStorageAsync(cancellationToken);
        }
        catch (PrusaLinkException e) when (e.Failure is PrusaLinkFailure.HttpError or PrusaLinkFailure.Malformed)
        {
            return null;
        }
    }

    private async Task PublishAsync(IPrinterStatusSink sink, PrusaLinkStatusResponse status, string firmware, CancellationToken cancellationToken)
    {
        var state = PrusaLinkStatusMapper.Normalize(status.Printer!.State);
        var job = status.Job is not null || state is "PRINTING" or "PAUSED" or "FINISHED" or "STOPPED" or "ERROR" or "ATTENTION"
            ? await client.GetJobAsync(cancellationToken)
            : null;

        var mapped = PrusaLinkStatusMapper.Map(status, job, firmware);
        if (lastStatus is null || !SameStatus(lastStatus, mapped))
        {
            lastStatus = mapped;
            sink.StatusChanged(mapped);
        }

        foreach (var report in jobs.Observe(job, status))
        {
            await sink.JobReportedAsync(report, cancellationToken);
        }

        await UpdateThumbnailAsync(sink, PrusaLinkStatusMapper.ThumbnailReference(job), cancellationToken);
    }

    private async Task UpdateThumbnailAsync(IPrinterStatusSink sink, string? reference, CancellationToken cancellationToken)
    {
        if (reference == thumbnailReference)
        {
            return;
        }

        thumbnailReference = reference;
        (byte[] Image, string ContentType)? thumbnail = null;
        if (reference is not null)
        {
            try
            {
                thumbnail = await client.GetThumbnailAsync(reference, cancellationToken);
            }
            catch (PrusaLinkException e) when (e.Failure is not PrusaLinkFailure.AuthRejected)
            {
                // A missing or oversized picture is not worth ending the session for; the card shows no thumbnail.
            }
        }

        if (thumbnail is { } t)
        {
            sink.ThumbnailChanged(t.Image, t.ContentType);
        }
        else
        {
            sink.ThumbnailChanged(null, null);
        }
    }

    private async Task<PrinterCommandResult> JobCommandAsync(HttpMethod method, string? action, string conflict, CancellationToken cancellationToken)
    {
        if (!running || lastStatus?.JobId is not { } jobId || lastStatus.Activity is not (PrinterActivity.Printing or PrinterActivity.Paused))
        {
            return PrinterCommandResult.Refused(running ? "No print is running." : "The printer is not connected.");
        }

        var path = action is null ? $"api/v1/job/{jobId}" : $"api/v1/job/{jobId}/{action}";
        return await CommandAsync(method, path, cancellationToken, status => status switch
        {
            HttpStatusCode.Conflict => conflict,
            HttpStatusCode.NotFound => "The printer no longer knows this print; it may have just ended.",
            _ => null,
        });
    }

    private async Task<PrinterCommandResult> CommandAsync(HttpMethod method, string path, CancellationToken cancellationToken, Func<HttpStatusCode, string?> refusal)
    {
        try
        {
            var (status, error) = await client.CommandAsync(method, path, cancellationToken);
            if ((int)status is >= 200 and < 300)
            {
                Wake();
                return PrinterCommandResult.Ok;
            }

            return PrinterCommandResult.Refused(refusal(status) ?? status switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "The printer rejected the credentials.",
                HttpStatusCode.ServiceUnavailable => "The printer is busy or starting up; try again in a moment.",
                _ => $"The printer refused ({(int)status})." + Detail(error),
            });
        }
        catch (PrusaLinkException e)
        {
            return PrinterCommandResult.Refused(e.Message);
        }
    }

    private void Wake()
    {
        try
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
            // Session over.
        }
    }

    private async Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = wake.WaitAsync(stop.Token);
        var delay = Task.Delay(interval, timeProvider, stop.Token);
        await Task.WhenAny(woken, delay);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static bool SameStatus(PrinterStatus a, PrinterStatus b) =>
        a with { Heaters = [], Filaments = [] } == b with { Heaters = [], Filaments = [] }
        && a.Heaters.SequenceEqual(b.Heaters)
        && a.Filaments.SequenceEqual(b.Filaments);
}
