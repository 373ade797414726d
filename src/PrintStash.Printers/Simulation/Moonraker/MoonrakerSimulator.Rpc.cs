using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Simulation.Moonraker;

public sealed partial class MoonrakerSimulator
{
    private static readonly string[] Components =
    [
        "secrets", "template", "klippy_connection", "jsonrpc", "internal_transport", "application", "websockets", "database",
        "dbus_manager", "file_manager", "authorization", "klippy_apis", "shell_command", "machine", "data_store", "proc_stats",
        "job_state", "job_queue", "history", "http_client", "announcements", "webcam", "extensions",
    ];

    /// <summary>Answers one JSON-RPC request from a WebSocket client (null for a notification-style request without id).</summary>
    private JsonNode? HandleSocketRequest(SimulatorClient client, JsonElement request)
    {
        var id = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("id", out var idElement) ? JsonNode.Parse(idElement.GetRawText()) : null;
        if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
        {
            return Error(id, -32600, "Invalid Request");
        }

        var method = methodElement.GetString()!;
        var parameters = request.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object ? JsonNode.Parse(p.GetRawText())!.AsObject() : new JsonObject();
        List<(SimulatorClient, JsonNode)> outgoing;
        JsonNode answer;
        lock (gate)
        {
            try
            {
                var result = method switch
                {
                    "server.connection.identify" => Identify(client, parameters),
                    _ when client.NeedsAuth => throw new SimulatorException(401, "Unauthorized"),
                    "printer.objects.subscribe" => Subscribe(client, parameters),
                    _ => Invoke(method, parameters, client.User),
                };
                answer = new JsonObject { ["jsonrpc"] = "2.0", ["result"] = result, ["id"] = id };
            }
            catch (SimulatorException e)
            {
                answer = Error(id, e.RpcCode, e.Message);
            }

            outgoing = DrainOutbox();
        }

        // The answer goes first: a client awaiting "ok" sees it before the notifications the command caused.
        client.Send(answer);
        Deliver(outgoing);
        return null;
    }

    private static JsonObject Error(JsonNode? id, int code, string message) =>
        new() { ["jsonrpc"] = "2.0", ["error"] = new JsonObject { ["code"] = code, ["message"] = message }, ["id"] = id };

    private JsonNode Identify(SimulatorClient client, JsonObject parameters)
    {
        if (client.Identified)
        {
            throw new SimulatorException(400, "Connection already identified");
        }

        if (parameters["api_key"]?.GetValue<string>() is { } key)
        {
            if (options.ApiKey is not null && !FixedEquals(key, options.ApiKey))
            {
                throw new SimulatorException(401, "Invalid API Key");
            }

            client.NeedsAuth = false;
            client.User = "_API_KEY_USER_";
        }

        if (client.NeedsAuth)
        {
            throw new SimulatorException(401, "Unauthorized");
        }

        client.Identified = true;
        return new JsonObject { ["connection_id"] = client.ConnectionId };
    }

    private JsonNode Subscribe(SimulatorClient client, JsonObject parameters)
    {
        RequireKlippy();
        var requested = Requested(parameters);
        client.Subscription = requested;
        client.LastSent.Clear();
        var status = Query(requested);
        foreach (var (name, value) in status)
        {
            client.LastSent[name] = value!.AsObject().ToDictionary(f => f.Key, f => f.Value?.DeepClone(), StringComparer.Ordinal);
        }

        return new JsonObject { ["eventtime"] = Math.Round(klipper.EventTime, 6), ["status"] = status };
    }

    private static Dictionary<string, string[]?> Requested(JsonObject parameters)
    {
        var requested = new Dictionary<string, string[]?>(StringComparer.Ordinal);
        if (parameters["objects"] is JsonObject objects)
        {
            foreach (var (name, fields) in objects)
            {
                requested[name] = fields is JsonArray list ? list.Select(f => f?.GetValue<string>() ?? string.Empty).ToArray() : null;
            }
        }

        return requested;
    }

    private JsonObject Query(Dictionary<string, string[]?> requested)
    {
        var status = new JsonObject();
        foreach (var (name, fields) in requested)
        {
            if (Filter(klipper.Object(name), fields) is { } value)
            {
                status[name] = value;
            }
        }

        return status;
    }

    /// <summary>Methods shared by the WebSocket and HTTP. Runs under the lock.</summary>
    private JsonNode Invoke(string method, JsonObject parameters, string user)
    {
        switch (method)
        {
            case "server.info":
                return new JsonObject
                {
                    ["klippy_connected"] = klipper.KlippyState != "disconnected",
                    ["klippy_state"] = klipper.KlippyState,
                    ["components"] = new JsonArray(Components.Select(c => (JsonNode)c).ToArray()),
                    ["failed_components"] = new JsonArray(),
                    ["registered_directories"] = new JsonArray("config", "logs", "gcodes", "config_examples", "docs"),
                    ["warnings"] = new JsonArray(),
                    ["websocket_count"] = clients.Count,
                    ["moonraker_version"] = "v0.10.0-31-gd5ee171",
                    ["missing_klippy_requirements"] = new JsonArray(),
                    ["api_version"] = new JsonArray(1, 5, 0),
                    ["api_version_string"] = "1.5.0",
                };
            case "printer.info":
                RequireConnected();
                return new JsonObject
                {
                    ["state"] = klipper.KlippyState,
                    ["state_message"] = klipper.StateMessage,
                    ["hostname"] = options.Hostname,
                    ["klipper_path"] = "/home/pi/klipper",
                    ["python_path"] = "/home/pi/klippy-env/bin/python",
                    ["process_id"] = 20328,
                    ["user_id"] = 1000,
                    ["group_id"] = 1000,
                    ["log_file"] = "/home/pi/printer_data/logs/klippy.log",
                    ["config_file"] = "/home/pi/printer_data/config/printer.cfg",
                    ["software_version"] = "v0.13.0-730-g84104bbbd",
                    ["cpu_info"] = "4 core ARMv8 (simulated)",
                };
            case "printer.objects.list":
                RequireKlippy();
                return new JsonObject { ["objects"] = new JsonArray(SimulatedKlipper.ObjectNames.Select(n => (JsonNode)n).ToArray()) };
            case "printer.objects.query":
                RequireKlippy();
                return new JsonObject { ["eventtime"] = Math.Round(klipper.EventTime, 6), ["status"] = Query(Requested(parameters)) };
            case "printer.print.start":
                klipper.StartPrint(parameters["filename"]?.GetValue<string>() ?? throw new SimulatorException(400, "No data for argument: filename"), user);
                return "ok";
            case "printer.print.pause":
                klipper.Pause();
                return "ok";
            case "printer.print.resume":
                klipper.Resume();
                return "ok";
            case "printer.print.cancel":
                klipper.Cancel();
                return "ok";
            case "printer.restart":
            case "printer.firmware_restart":
                _ = Task.Run(KlippyRestartAsync);
                return "ok";
            case "server.history.list":
                return HistoryList(parameters);
            case "server.history.get_job":
                var uid = parameters["uid"]?.GetValue<string>();
                var job = klipper.History.FirstOrDefault(j => j.JobId == uid) ?? throw new SimulatorException(404, $"Invalid job uid: {uid}");
                return new JsonObject { ["job"] = klipper.JobJson(job) };
            case "server.files.list":
                return new JsonArray(klipper.Files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => (JsonNode)new JsonObject
                {
                    ["path"] = f.Path,
                    ["modified"] = f.Modified,
                    ["size"] = f.Content.Length,
                    ["permissions"] = "rw",
                }).ToArray());
            case "server.files.metadata":
                var name = parameters["filename"]?.GetValue<string>() ?? string.Empty;
                var file = klipper.File(name) ?? throw new SimulatorException(404, $"Metadata not available for <{name}>");
                var last = klipper.LastJobFor(file.Path);
                return file.Metadata(forHistory: false, last?.JobId, last?.StartTime);
            case "access.oneshot_token":
                return IssueOneshotToken();
            default:
                throw new SimulatorException(404, $"Method not found: {method}");
        }
    }

    private JsonObject HistoryList(JsonObject parameters)
    {
        double? Number(string key) => parameters[key] switch
        {
            JsonValue v when v.TryGetValue<double>(out var d) => d,
            JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };

        var limit = (int)(Number("limit") ?? 50);
        var start = Math.Max(0, (int)(Number("start") ?? 0));
        var since = Number("since");
        var before = Number("before");
        var ascending = parameters["order"]?.GetValue<string>() == "asc";
        IEnumerable<SimulatedJob> jobs = klipper.History;
        if (since is { } s)
        {
            jobs = jobs.Where(j => j.StartTime > s);
        }

        if (before is { } b)
        {
            jobs = jobs.Where(j => j.EndTime is { } end && end < b);
        }

        if (!ascending)
        {
            jobs = jobs.Reverse();
        }

        jobs = jobs.Skip(start);
        if (limit > 0)
        {
            jobs = jobs.Take(limit);
        }

        var list = jobs.Select(j => (JsonNode)klipper.JobJson(j)).ToArray();
        return new JsonObject { ["count"] = list.Length, ["jobs"] = new JsonArray(list) };
    }

    private string IssueOneshotToken()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'A').Replace('/', 'B').TrimEnd('=').ToUpperInvariant()[..32];
        oneshotTokens[token] = time.GetUtcNow().AddSeconds(5);
        return token;
    }

    /// <summary>Oneshot tokens used to authenticate so far.</summary>
    public int OneshotTokensRedeemed { get; private set; }

    /// <summary>Valid once and for 5 s, as in Moonraker.</summary>
    private bool RedeemOneshotToken(string? token)
    {
        lock (gate)
        {
            var redeemed = token is not null && oneshotTokens.Remove(token, out var expires) && time.GetUtcNow() <= expires;
            if (redeemed)
            {
                OneshotTokensRedeemed++;
            }

            return redeemed;
        }
    }

    private void RequireConnected()
    {
        if (klipper.KlippyState == "disconnected")
        {
            throw new SimulatorException(503, "Klippy Disconnected");
        }
    }

    private void RequireKlippy()
    {
        if (klipper.KlippyState is "disconnected" or "startup")
        {
            throw new SimulatorException(503, "Klippy Host not connected");
        }
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));
}
