using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrintStash.Printers.Mqtt;

namespace PrintStash.Printers.Simulation.Bambu;

/// <summary>
/// A Bambu printer for tests and the demo. A real printer is its own MQTT broker; the simulator is a client of a broker
/// (mosquitto) that publishes on device/&lt;serial&gt;/report what a printer would, in the shapes of protocols.md §2.5,
/// and obeys pushall, get_version, pause, resume, stop and project_file on device/&lt;serial&gt;/request.
/// </summary>
public sealed class BambuPrinterSimulator : IAsyncDisposable
{
    private readonly BambuSimulatorOptions options;
    private readonly TimeProvider timeProvider;
    private readonly MqttConnection mqtt;
    private readonly BambuSimulatedState state;
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> commands = new();
    private JsonObject? lastPublished;
    private Task loops = Task.CompletedTask;

    private BambuPrinterSimulator(BambuSimulatorOptions options, TimeProvider timeProvider, MqttConnection mqtt)
    {
        this.options = options;
        this.timeProvider = timeProvider;
        this.mqtt = mqtt;
        state = new BambuSimulatedState(options);
    }

    public string ReportTopic => $"device/{options.Serial}/report";

    public string RequestTopic => $"device/{options.Serial}/request";

    /// <summary>Commands received, in order, as "key/command" (e.g. "pushing/pushall", "print/pause").</summary>
    public IReadOnlyCollection<string> ReceivedCommands => commands;

    public string GcodeState
    {
        get
        {
            lock (gate)
            {
                return state.GcodeState;
            }
        }
    }

    /// <summary>The url of the last project_file command (e.g. file:///sdcard/bracket.gcode.3mf).</summary>
    public string? LastProjectUrl { get; private set; }

    public static async Task<BambuPrinterSimulator> StartAsync(BambuSimulatorOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mqtt = await MqttConnection.ConnectAsync(new MqttClientOptions
        {
            Host = options.BrokerHost,
            Port = options.BrokerPort,
            ClientId = "bambu-sim-" + options.Serial + "-" + Guid.NewGuid().ToString("N")[..6],
            Username = options.BrokerUserName,
            Password = options.BrokerPassword,
            Tls = options.BrokerTls,
            TlsServerName = options.BrokerTlsServerName,
        }, timeProvider, cancellationToken);
        var simulator = new BambuPrinterSimulator(options, timeProvider, mqtt);
        try
        {
            await mqtt.SubscribeAsync(simulator.RequestTopic, MqttQualityOfService.AtLeastOnce, cancellationToken);
        }
        catch
        {
            await mqtt.DisposeAsync();
            throw;
        }

        simulator.loops = Task.WhenAll(simulator.CommandLoopAsync(), simulator.ReportLoopAsync());
        return simulator;
    }

    /// <summary>
    /// Starts a file as if chosen on the printer's screen (the demo's first print; with
    /// <see cref="BambuSimulatorOptions.RestartAfter"/> it then prints it again and again). False when busy or missing.
    /// </summary>
    public bool StartPrint(string fileName)
    {
        lock (gate)
        {
            return state.Start(fileName, timeProvider.GetUtcNow()).Ok;
        }
    }

    /// <summary>Publishes a raw payload on the report topic (tests: malformed JSON, odd shapes).</summary>
    public Task PublishRawAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        mqtt.PublishAsync(ReportTopic, payload, MqttQualityOfService.AtMostOnce, false, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loops.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await mqtt.DisposeAsync();
        stop.Dispose();
    }

    private async Task ReportLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(options.ReportInterval, timeProvider, stop.Token);
            JsonObject? report;
            lock (gate)
            {
                state.Advance(timeProvider.GetUtcNow());
                report = NextReport(full: options.Reporting == BambuSimulatorReporting.Full);
            }

            if (report is not null)
            {
                await PublishAsync(new JsonObject { ["print"] = report });
            }
        }
    }

    private async Task CommandLoopAsync()
    {
        await foreach (var message in mqtt.Messages.ReadAllAsync(stop.Token))
        {
            JsonObject? request;
            try
            {
                request = JsonNode.Parse(message.Payload.Span) as JsonObject;
            }
            catch (JsonException)
            {
                continue;
            }

            if (request is null)
            {
                continue;
            }

            foreach (var (key, value) in request.ToList())
            {
                if (value is JsonObject body)
                {
                    await HandleAsync(key, body);
                }
            }
        }
    }

    private async Task HandleAsync(string key, JsonObject body)
    {
        var command = body["command"]?.GetValue<string>() ?? "";
        var sequence = body["sequence_id"]?.ToString() ?? "0";
        commands.Enqueue($"{key}/{command}");
        if (key == "pushing" && command == "pushall")
        {
            JsonObject full;
            lock (gate)
            {
                full = NextReport(full: true)!;
            }

            await PublishAsync(new JsonObject { ["print"] = full });
            return;
        }

        if (key == "info" && command == "get_version")
        {
            await PublishAsync(new JsonObject
            {
                ["info"] = new JsonObject
                {
                    ["command"] = "get_version",
                    ["sequence_id"] = sequence,
                    ["module"] = new JsonArray(
                        new JsonObject { ["name"] = "ota", ["sw_ver"] = "01.08.02.00", ["product_name"] = options.ProductName, ["sn"] = options.Serial },
                        new JsonObject { ["name"] = "mc", ["sw_ver"] = "00.00.30.00", ["sn"] = options.Serial }),
                    ["result"] = "success",
                },
            });
            return;
        }

        if (key != "print" || options.RequireSignedCommands)
        {
            // Printers outside Developer Mode silently ignore unsigned commands.
            return;
        }

        (bool Ok, string Reason) outcome;
        JsonObject? immediate;
        lock (gate)
        {
            var now = timeProvider.GetUtcNow();
            outcome = command switch
            {
                "pause" => state.Pause(now),
                "resume" => state.Resume(now),
                "stop" => state.Stop(now),
                "project_file" => StartProject(body, now),
                "gcode_file" => state.Start((body["param"]?.ToString() ?? "").Replace("/sdcard/", "", StringComparison.Ordinal), now),
                _ => (false, $"unsupported command {command}"),
            };
            immediate = outcome.Ok ? NextReport(full: options.Reporting == BambuSimulatorReporting.Full) : null;
        }

        await PublishAsync(new JsonObject
        {
            ["print"] = new JsonObject
            {
                ["command"] = command,
                ["sequence_id"] = sequence,
                ["param"] = body["param"]?.DeepClone(),
                ["result"] = outcome.Ok ? "success" : "fail",
                ["reason"] = outcome.Reason,
            },
        });
        if (immediate is not null)
        {
            await PublishAsync(new JsonObject { ["print"] = immediate });
        }
    }

    private (bool Ok, string Reason) StartProject(JsonObject body, DateTimeOffset now)
    {
        var url = body["url"]?.ToString() ?? "";
        LastProjectUrl = url;
        foreach (var prefix in new[] { "file:///sdcard/", "file:///mnt/sdcard/", "ftp:///" })
        {
            if (url.StartsWith(prefix, StringComparison.Ordinal))
            {
                return state.Start(url[prefix.Length..], now);
            }
        }

        return (false, $"unsupported url {url}");
    }

    /// <summary>Full object, or (incremental printers) only the top-level fields that changed since the last report; null when nothing did.</summary>
    private JsonObject? NextReport(bool full)
    {
        var current = state.Render(options);
        var previous = lastPublished;
        lastPublished = (JsonObject)current.DeepClone();
        if (full || previous is null)
        {
            return current;
        }

        var changes = new JsonObject { ["command"] = "push_status" };
        foreach (var (name, value) in current.ToList())
        {
            if (!JsonNode.DeepEquals(value, previous[name]))
            {
                current.Remove(name);
                changes[name] = value;
            }
        }

        return changes.Count > 1 ? changes : null;
    }

    private async Task PublishAsync(JsonObject message)
    {
        try
        {
            await mqtt.PublishAsync(ReportTopic, JsonSerializer.SerializeToUtf8Bytes(message), MqttQualityOfService.AtMostOnce, false, stop.Token);
        }
        catch (MqttConnectionClosedException)
        {
            // The broker went away; the simulator stays quiet until disposed, like a printer that lost Wi-Fi.
        }
    }
}
