using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Moonraker;

/// <summary>
/// One session with one Moonraker: connect (X-Api-Key, oneshot token as fallback, pinned TLS), identify, backfill
/// history, subscribe, then merge status diffs and follow Klippy's life (ready / shutdown / disconnected) until the
/// socket closes. Control commands go over the same socket; uploads over HTTP.
/// </summary>
internal sealed partial class MoonrakerConnection : IPrinterConnection
{
    private const string MetadataLoaded = "printstash.metadata_loaded";

    private readonly PrinterDefinition printer;
    private readonly MoonrakerEndpoint endpoint;
    private readonly MoonrakerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly CertificatePin pin;
    private readonly MoonrakerHttp http;
    private readonly MoonrakerObjectState objects = new();
    private readonly MoonrakerJobProgress jobProgress = new();
    private readonly CancellationTokenSource lifetime = new();

    private volatile MoonrakerRpcClient? rpc;
    private volatile KlippyCondition klippy = KlippyCondition.Disconnected;
    private volatile PrinterStatus status = PrinterStatus.Unknown;
    private volatile MoonrakerFileMetadata? loadedMetadata;
    private IPrinterStatusSink sink = null!;
    private MoonrakerFileMetadata? metadata;
    private string? currentFile;
    private string? jobId;
    private string? firmware;
    private string? moonrakerVersion;
    private CancellationTokenSource? fileWork;
    private Task fileTask = Task.CompletedTask;
    private int fileGeneration;
    private int started;
    private readonly TaskCompletionSource runEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MoonrakerConnection(PrinterDefinition printer, MoonrakerEndpoint endpoint, MoonrakerOptions options, TimeProvider time, ILogger logger)
    {
        this.printer = printer;
        this.endpoint = endpoint;
        this.options = options;
        this.time = time;
        this.logger = logger;
        pin = new CertificatePin(printer.TrustedCertificateSha256);
        http = new MoonrakerHttp(endpoint, ApiKey, pin, options);
    }

    private string? ApiKey => string.IsNullOrWhiteSpace(printer.Secret) ? null : printer.Secret.Trim();

    /// <summary>The status last reported (for tests and command pre-checks).</summary>
    internal PrinterStatus Status => status;

    public async Task RunAsync(IPrinterStatusSink sink, DateTime? backfillSince, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) == 1)
        {
            throw new InvalidOperationException("A Moonraker connection runs once; create a new one to reconnect.");
        }

        this.sink = sink;
        try
        {
            await RunSessionAsync(sink, backfillSince, cancellationToken);
        }
        finally
        {
            runEnded.TrySetResult();
        }
    }

    private async Task RunSessionAsync(IPrinterStatusSink sink, DateTime? backfillSince, CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.Token);
        var token = session.Token;
        var client = await ConnectAsync(token);
        rpc = client;
        try
        {
            await IdentifyAsync(client, token);
            sink.ConnectionEstablished();
            var info = await CallAsync(client, "server.info", null, token);
            moonrakerVersion = info.String("moonraker_version");
            if (HasComponent(info, "history"))
            {
                await BackfillAsync(client, backfillSince, token);
            }

            await ApplyServerInfoAsync(client, info, token);
            await LoopAsync(client, token);
        }
        finally
        {
            rpc = null;
            fileWork?.Cancel();

            // The session is over; the thumbnail of a file being loaded does not matter any more.
            await AwaitQuietly(fileTask);

            fileWork?.Dispose();
            await client.DisposeAsync();
        }
    }

    /// <summary>For the test form: open the WebSocket and identify, then close.</summary>
    internal async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(cancellationToken);
        try
        {
            await IdentifyAsync(client, cancellationToken);
        }
        finally
        {
            await client.DisposeAsync();
        }
    }

    private async Task<MoonrakerRpcClient> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await OpenSocketAsync(oneshotToken: null, cancellationToken);
        }
        catch (WebSocketHandshakeRejectedException) when (ApiKey is not null)
        {
            // A proxy that drops headers on the upgrade: fetch a oneshot token over HTTP (with the key) and use ?token=.
            string oneshot;
            try
            {
                oneshot = await http.GetOneshotTokenAsync(cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new MoonrakerProtocolException($"Cannot reach Moonraker at {endpoint.BaseUri}: {e.Message}", e);
            }

            try
            {
                return await OpenSocketAsync(oneshot, cancellationToken);
            }
            catch (WebSocketHandshakeRejectedException)
            {
                throw new PrinterAuthenticationException("API key rejected");
            }
        }
        catch (WebSocketHandshakeRejectedException)
        {
            throw new PrinterAuthenticationException("Moonraker requires an API key");
        }
    }

    private async Task<MoonrakerRpcClient> OpenSocketAsync(string? oneshotToken, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.RemoteCertificateValidationCallback = pin.Validate;
        if (ApiKey is { } key)
        {
            socket.Options.SetRequestHeader("X-Api-Key", key);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(endpoint.WebSocket(oneshotToken), timeout.Token);
            return new MoonrakerRpcClient(socket, options, time);
        }
        catch (WebSocketException) when (socket.HttpStatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            socket.Dispose();
            throw new WebSocketHandshakeRejectedException();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new MoonrakerProtocolException($"Moonraker at {endpoint.BaseUri} did not accept the connection within {options.ConnectTimeout.TotalSeconds:0} s.");
        }
        catch (WebSocketException e)
        {
            var statusCode = socket.HttpStatusCode;
            socket.Dispose();
            if (pin.PinRejected)
            {
                throw new MoonrakerProtocolException(
                    $"The printer's TLS certificate is not trusted (SHA-256 {CertificatePin.Format(pin.PresentedSha256 ?? string.Empty)}). Trust it in the printer settings if it is the printer's own.", e);
            }

            throw new MoonrakerProtocolException(
                statusCode == System.Net.HttpStatusCode.NotFound
                    ? $"{endpoint.BaseUri} answers, but has no Moonraker WebSocket at /websocket."
                    : $"Cannot reach Moonraker at {endpoint.BaseUri}: {e.InnerException?.Message ?? e.Message}",
                e);
        }
    }

    private async Task IdentifyAsync(MoonrakerRpcClient client, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject
        {
            ["client_name"] = options.ClientName,
            ["version"] = options.ClientVersion,
            // "other", not "agent": only one agent per name may connect, and a farm may run several PrintStash instances.
            ["type"] = "other",
            ["url"] = "https://github.com/printstash/printstash",
        };
        if (ApiKey is { } key)
        {
            parameters["api_key"] = key;
        }

        try
        {
            await CallAsync(client, "server.connection.identify", parameters, cancellationToken);
        }
        catch (MoonrakerRequestException e) when (e.IsNotFound)
        {
            // Moonraker older than v0.8 has no identify; the session works without it.
        }
    }

    /// <summary>A call whose "unauthorized" answer becomes <see cref="PrinterAuthenticationException"/>.</summary>
    private async Task<JsonElement> CallAsync(MoonrakerRpcClient client, string method, JsonObject? parameters, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CallAsync(method, parameters, cancellationToken);
        }
        catch (MoonrakerRequestException e) when (e.IsUnauthorized)
        {
            throw new PrinterAuthenticationException(ApiKey is null ? "Moonraker requires an API key" : "API key rejected");
        }
    }

    private static bool HasComponent(JsonElement serverInfo, string component) =>
        serverInfo.Property("components") is not { ValueKind: JsonValueKind.Array } components
        || components.EnumerateArray().Any(c => c.ValueKind == JsonValueKind.String && c.GetString() == component);

    private async Task LoopAsync(MoonrakerRpcClient client, CancellationToken cancellationToken)
    {
        var reader = client.Notifications;
        while (true)
        {
            var quiet = klippy.IsReady ? options.HeartbeatInterval : options.KlippyPollInterval;
            bool more;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                idle.CancelAfter(quiet);
                try
                {
                    more = await reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await OnQuietAsync(client, cancellationToken);
                    continue;
                }
            }

            if (!more)
            {
                return;
            }

            while (reader.TryRead(out var notification))
            {
                await HandleAsync(client, notification, cancellationToken);
            }

            Publish();
        }
    }

    /// <summary>Silence: while Klipper is down poll server.info; otherwise a heartbeat (no answer ends the session).</summary>
    private async Task OnQuietAsync(MoonrakerRpcClient client, CancellationToken cancellationToken)
    {
        var info = await CallAsync(client, "server.info", null, cancellationToken);
        if (!klippy.IsReady)
        {
            await ApplyServerInfoAsync(client, info, cancellationToken);
        }
    }

    private async Task HandleAsync(MoonrakerRpcClient client, MoonrakerNotification notification, CancellationToken cancellationToken)
    {
        switch (notification.Method)
        {
            case "notify_status_update" when notification.First is { } diff:
                // While shut down the subscription lives on (webhooks tells the reason); after a disconnect it is gone.
                if (klippy.IsReady || klippy.IsFault)
                {
                    objects.Merge(diff);
                    OnFileMaybeChanged(client);
                }

                break;
            case "notify_klippy_ready":
                // Polling may have seen "ready" and subscribed already; a second subscribe would only repeat it.
                if (!klippy.IsReady)
                {
                    await SubscribeAsync(client, cancellationToken);
                }

                break;
            case "notify_klippy_shutdown":
                klippy = new KlippyCondition("shutdown", await FaultMessageAsync(client, cancellationToken));
                break;
            case "notify_klippy_disconnected":
                // Moonraker dropped every subscription; values we hold are stale until Klipper is ready again.
                klippy = KlippyCondition.Disconnected;
                objects.Clear();
                break;
            case "notify_history_changed" when notification.First is { } change:
                await OnHistoryChangedAsync(change, cancellationToken);
                break;
            case "notify_filelist_changed" when notification.First is { } change:
                if (currentFile is not null && change.Property("item")?.String("path") == currentFile
                    && change.String("action") is "create_file" or "modify_file")
                {
                    currentFile = null;
                    OnFileMaybeChanged(client);
                }

                break;
            case MetadataLoaded:
                if (loadedMetadata is { } loaded && loaded.FileName == currentFile)
                {
                    metadata = loaded;
                }

                break;
            default:
                // notify_gcode_response, notify_proc_stat_update, announcements, methods of newer versions: not needed.
                break;
        }
    }

    private async Task OnHistoryChangedAsync(JsonElement change, CancellationToken cancellationToken)
    {
        if (change.Property("job") is not { } job || MoonrakerJobMapper.ToReport(job) is not { } report)
        {
            return;
        }

        if (change.String("action") == "added" || report.Status == Domain.Entities.PrintJobStatus.InProgress)
        {
            jobId = report.PrinterJobId;
        }

        await sink.JobReportedAsync(report, cancellationToken);
    }

    private async Task ApplyServerInfoAsync(MoonrakerRpcClient client, JsonElement info, CancellationToken cancellationToken)
    {
        var state = info.String("klippy_state") ?? (info.Bool("klippy_connected") == true ? "ready" : "disconnected");
        if (state == "ready")
        {
            await SubscribeAsync(client, cancellationToken);
            return;
        }

        var fault = state is "shutdown" or "error";
        if (fault && klippy.State == state)
        {
            return;
        }

        klippy = new KlippyCondition(state, fault ? await FaultMessageAsync(client, cancellationToken) : state == "startup" ? null : KlippyCondition.Disconnected.Message);
        if (!fault)
        {
            objects.Clear();
        }

        Publish();
    }

    private async Task SubscribeAsync(MoonrakerRpcClient client, CancellationToken cancellationToken)
    {
        try
        {
            var list = await CallAsync(client, "printer.objects.list", null, cancellationToken);
            var names = list.Property("objects") is { ValueKind: JsonValueKind.Array } array
                ? array.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!).ToList()
                : [];
            var result = await CallAsync(client, "printer.objects.subscribe", new JsonObject { ["objects"] = MoonrakerObjects.Subscription(names) }, cancellationToken);
            objects.Replace(result.Property("status") ?? default);
            klippy = KlippyCondition.Ready;
            Publish();
            await ReadFirmwareAsync(client, cancellationToken);
            await FindRunningJobAsync(client, cancellationToken);
        }
        catch (MoonrakerRequestException e)
        {
            // Klipper went away between "ready" and our subscribe (503 Klippy Disconnected): poll until it is back.
            LogSubscribeRefused(logger, printer.Name, e.Message);
            klippy = KlippyCondition.Disconnected;
            objects.Clear();
        }

        OnFileMaybeChanged(client);
        Publish();
    }

    private async Task ReadFirmwareAsync(MoonrakerRpcClient client, CancellationToken cancellationToken)
    {
        try
        {
            var info = await CallAsync(client, "printer.info", null, cancellationToken);
            var klipper = info.String("software_version");
            firmware = string.Join(" · ", new[] { klipper is null ? null : "Klipper " + klipper, moonrakerVersion is null ? null : "Moonraker " + moonrakerVersion }.OfType<string>());
        }
        catch (MoonrakerRequestException)
        {
            firmware = moonrakerVersion is null ? null : "Moonraker " + moonrakerVersion;
        }
    }

    /// <summary>After a reconnect mid-print: the newest history entry tells the job id of the running print.</summary>
    private async Task FindRunningJobAsync(MoonrakerRpcClient client, CancellationToken cancellationToken)
    {
        if (jobId is not null || MoonrakerStatusMapper.Activity(objects.String("print_stats", "state")) is not (PrinterActivity.Printing or PrinterActivity.Paused))
        {
            return;
        }

        try
        {
            var result = await CallAsync(client, "server.history.list", new JsonObject { ["limit"] = 1, ["order"] = "desc" }, cancellationToken);
            if (result.Property("jobs") is { ValueKind: JsonValueKind.Array } jobs && jobs.GetArrayLength() > 0 && jobs[0].String("status") == "in_progress")
            {
                jobId = jobs[0].String("job_id");
            }
        }
        catch (MoonrakerRequestException)
        {
            // No history component: the status simply carries no job id.
        }
    }

    private async Task<string?> FaultMessageAsync(MoonrakerRpcClient client, CancellationToken cancellationToken)
    {
        try
        {
            var info = await CallAsync(client, "printer.info", null, cancellationToken);
            return info.String("state_message");
        }
        catch (MoonrakerRequestException)
        {
            return null;
        }
    }

    private void Publish()
    {
        var next = MoonrakerStatusMapper.Map(objects, klippy, metadata, jobId, firmware, jobProgress);
        if (!next.SameAs(status))
        {
            status = next;
            sink.StatusChanged(next);
        }
    }

    /// <summary>Ends a running session (RunAsync then throws OperationCanceledException) and waits for it to unwind.</summary>
    public async ValueTask DisposeAsync()
    {
        await lifetime.CancelAsync();
        if (Volatile.Read(ref started) == 1)
        {
            try
            {
                await runEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // A caller still blocked in the sink; resources are released below regardless.
            }
        }

        if (rpc is { } client)
        {
            await client.DisposeAsync();
        }

        http.Dispose();
        lifetime.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moonraker {Printer}: subscribe refused ({Reason}); waiting for Klipper")]
    private static partial void LogSubscribeRefused(ILogger logger, string printer, string reason);

    private sealed class WebSocketHandshakeRejectedException : Exception;
}
