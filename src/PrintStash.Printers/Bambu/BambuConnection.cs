using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Mqtt;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Bambu;

/// <summary>
/// One MQTT session with one Bambu printer (the printer is the broker; P1 firmware copes badly with several local
/// clients, so there is exactly one per printer). Subscribes to the report topic, asks for the full state once, merges
/// every report into it and reports the mapped status and jobs to the sink.
/// </summary>
internal sealed partial class BambuConnection(
    PrinterDefinition printer,
    BambuPrinterSettings settings,
    BambuDriverOptions options,
    TimeProvider timeProvider,
    ILogger logger) : IPrinterConnection
{
    private readonly JsonObject state = [];
    private readonly BambuJobTracker jobs = new(timeProvider);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> pendingAcks = new();
    private readonly CancellationTokenSource lifetime = new();
    private Task thumbnailFetch = Task.CompletedTask;
    private string? thumbnailJobId;
    private MqttConnection? mqtt;
    private volatile BambuPrintReport? lastReport;
    private volatile string? firmware;
    private long sequence;
    private long lastMessageTimestamp;
    private long lastPushAllTimestamp;
    private bool established;

    public async Task RunAsync(IPrinterStatusSink sink, DateTime? backfillSince, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        mqtt = await ConnectAsync(printer, settings, options, timeProvider, cancellationToken);
        await mqtt.SubscribeAsync(settings.ReportTopic, MqttQualityOfService.AtMostOnce, cancellationToken);
        lastMessageTimestamp = timeProvider.GetTimestamp();
        await PublishAsync(BambuCommands.GetVersion(NextSequence()), MqttQualityOfService.AtMostOnce, cancellationToken);
        await PushAllAsync(cancellationToken);

        using var watchdogStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchdog = WatchdogAsync(watchdogStop.Token);
        try
        {
            await foreach (var message in mqtt.Messages.ReadAllAsync(cancellationToken))
            {
                if (message.Topic == settings.ReportTopic)
                {
                    await HandleAsync(message.Payload, sink, cancellationToken);
                }
            }
        }
        finally
        {
            await watchdogStop.CancelAsync();
            await watchdog.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var waiter in pendingAcks.Values)
        {
            waiter.TrySetCanceled();
        }

        await lifetime.CancelAsync();
        await thumbnailFetch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lifetime.Dispose();

        if (mqtt is not null)
        {
            await mqtt.DisposeAsync();
        }
    }

    /// <summary>Opens the MQTT session, translating refusals into the words the supervisor and the form show.</summary>
    internal static async Task<MqttConnection> ConnectAsync(PrinterDefinition printer, BambuPrinterSettings settings, BambuDriverOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            return await MqttConnection.ConnectAsync(new MqttClientOptions
            {
                Host = settings.Host,
                Port = settings.MqttPort,
                ClientId = "printstash-" + printer.Id.ToString("N")[..12] + "-" + Guid.NewGuid().ToString("N")[..6],
                Username = options.MqttUserName,
                Password = settings.AccessCode,
                KeepAlive = options.KeepAlive,
                Tls = settings.Trust,
                TlsServerName = settings.Serial,
                ConnectTimeout = options.ConnectTimeout,
            }, timeProvider, cancellationToken);
        }
        catch (MqttConnectRefusedException ex) when (ex.IsAuthenticationFailure)
        {
            throw new PrinterAuthenticationException("The printer rejected the LAN access code. Re-read it on the printer's network screen (it changes when regenerated).");
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> payload, IPrinterStatusSink sink, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastMessageTimestamp, timeProvider.GetTimestamp());
        if (BambuJson.ParseObject(payload.Span, out var error) is not { } message)
        {
            LogMalformedReport(logger, printer.Name, error ?? "unreadable");
            return;
        }

        var statusChanged = false;
        foreach (var (key, value) in message)
        {
            if (value is not JsonObject body)
            {
                continue;
            }

            var command = BambuJson.String(body["command"]);
            CompleteAck(key, command, body);
            if (key == "print" && (command is null or "push_status"))
            {
                BambuReportMerger.Merge(state, body);
                statusChanged = true;
            }
            else if (key == "info" && command == "get_version")
            {
                firmware = DescribeFirmware(body) ?? firmware;
                statusChanged = lastReport is not null;
            }
        }

        if (!statusChanged)
        {
            return;
        }

        var report = BambuPrintReport.From(state);
        if (report.GcodeState is { } gcodeState && BambuStatusMapper.Activity(gcodeState, false) == PrinterActivity.Unknown && gcodeState.Length > 0)
        {
            LogUnknownState(logger, printer.Name, gcodeState);
        }

        var jobReports = jobs.Observe(report);
        lastReport = report;
        if (!established)
        {
            established = true;
            sink.ConnectionEstablished();
        }

        sink.StatusChanged(BambuStatusMapper.Map(report, jobs.Current ?? jobs.LastFinished, firmware, timeProvider.GetUtcNow().UtcDateTime));
        foreach (var job in jobReports)
        {
            await sink.JobReportedAsync(job, cancellationToken);
        }

        if (jobs.Current is { } current && current.Id != thumbnailJobId && thumbnailFetch.IsCompleted)
        {
            thumbnailJobId = current.Id;
            thumbnailFetch = FetchThumbnailAsync(BambuThumbnails.RemotePath(report.GcodeFile), sink);
        }
    }

    /// <summary>Fetches the new job's plate picture in the background; a failure only means no picture.</summary>
    private async Task FetchThumbnailAsync(string? remotePath, IPrinterStatusSink sink)
    {
        sink.ThumbnailChanged(null, null);
        if (remotePath is null)
        {
            return;
        }

        try
        {
            await using var ftps = await OpenFtpsAsync(lifetime.Token);
            if (await BambuThumbnails.FetchAsync(ftps, remotePath, lifetime.Token) is { } image)
            {
                sink.ThumbnailChanged(image, "image/png");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !lifetime.IsCancellationRequested)
        {
            LogThumbnailFailed(logger, printer.Name, remotePath, ex.Message);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>No report for a minute: ask the printer to restart its stream; a full pushall at most every 5 minutes.</summary>
    private async Task WatchdogAsync(CancellationToken cancellationToken)
    {
        var tick = TimeSpan.FromTicks(Math.Max(options.StaleAfter.Ticks / 4, TimeSpan.TicksPerMillisecond * 100));
        try
        {
            while (true)
            {
                await Task.Delay(tick, timeProvider, cancellationToken);
                if (timeProvider.GetElapsedTime(Interlocked.Read(ref lastMessageTimestamp)) < options.StaleAfter)
                {
                    continue;
                }

                Interlocked.Exchange(ref lastMessageTimestamp, timeProvider.GetTimestamp());
                if (timeProvider.GetElapsedTime(Interlocked.Read(ref lastPushAllTimestamp)) >= options.PushAllMinimumInterval)
                {
                    await PushAllAsync(cancellationToken);
                }
                else
                {
                    await PublishAsync(BambuCommands.PushingStart(NextSequence()), MqttQualityOfService.AtMostOnce, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (MqttConnectionClosedException)
        {
            // The read loop sees the same end and returns it to the supervisor.
        }
    }

    private async Task PushAllAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastPushAllTimestamp, timeProvider.GetTimestamp());
        await PublishAsync(BambuCommands.PushAll(NextSequence()), MqttQualityOfService.AtMostOnce, cancellationToken);
    }

    private async Task PublishAsync(JsonObject request, MqttQualityOfService qos, CancellationToken cancellationToken)
    {
        var connection = mqtt ?? throw new InvalidOperationException("The printer is not connected.");
        await connection.PublishAsync(settings.RequestTopic, JsonSerializer.SerializeToUtf8Bytes(request), qos, false, cancellationToken);
    }

    private string NextSequence() => BambuCommands.Sequence(Interlocked.Increment(ref sequence));

    private void CompleteAck(string key, string? command, JsonObject body)
    {
        var sequenceId = BambuJson.String(body["sequence_id"]) ?? BambuJson.String(body["sequenceId"]);
        if (command is null || sequenceId is null)
        {
            return;
        }

        if (pendingAcks.TryRemove(AckKey(key, command, sequenceId), out var waiter))
        {
            waiter.TrySetResult(body);
        }
    }

    private static string AckKey(string key, string command, string sequenceId) => $"{key}/{command}/{sequenceId}";

    private static string? DescribeFirmware(JsonObject info)
    {
        if (info["module"] is not JsonArray modules)
        {
            return null;
        }

        var ota = modules.OfType<JsonObject>().FirstOrDefault(m => BambuJson.String(m["name"]) == "ota");
        var version = ota is null ? null : BambuJson.String(ota["sw_ver"]);
        var product = modules.OfType<JsonObject>().Select(m => BambuJson.String(m["product_name"])).FirstOrDefault(p => !string.IsNullOrEmpty(p));
        return version is null ? product : $"{product ?? "Bambu Lab"} · {version}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bambu printer {Printer} sent a report that is not valid JSON: {Reason}")]
    private static partial void LogMalformedReport(ILogger logger, string printer, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bambu printer {Printer}: no thumbnail from {Path}: {Reason}")]
    private static partial void LogThumbnailFailed(ILogger logger, string printer, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bambu printer {Printer} reports an unknown gcode_state '{State}'")]
    private static partial void LogUnknownState(ILogger logger, string printer, string state);
}
