using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrintStash.Printers.Simulation.Moonraker;

namespace PrintStash.Printers.Tests.Moonraker;

/// <summary>The simulator's messages have the shapes (keys and JSON types) of the recorded real Moonraker.</summary>
public sealed class MoonrakerSimulatorFidelityTests
{
    private sealed class RawClient : IAsyncDisposable
    {
        private readonly ClientWebSocket socket = new();
        private int nextId = 100;

        public List<JsonElement> Notifications { get; } = [];

        public static async Task<RawClient> ConnectAsync(string address)
        {
            var client = new RawClient();
            await client.socket.ConnectAsync(new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/websocket"), CancellationToken.None);
            return client;
        }

        public async Task<JsonElement> CallAsync(string method, JsonNode? parameters = null)
        {
            var id = ++nextId;
            var request = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["id"] = id };
            if (parameters is not null)
            {
                request["params"] = parameters;
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
            while (true)
            {
                var message = await ReceiveAsync(TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException("closed");
                if (message.TryGetProperty("id", out var answerId) && answerId.ValueKind == JsonValueKind.Number && answerId.GetInt32() == id)
                {
                    return message;
                }
            }
        }

        /// <summary>Collects notifications for a while.</summary>
        public async Task ListenAsync(TimeSpan duration)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                try
                {
                    await ReceiveAsync(duration - clock.Elapsed);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private async Task<JsonElement?> ReceiveAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            var buffer = new byte[1024 * 1024];
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), cancel.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);
            var message = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement;
            if (message.TryGetProperty("method", out _))
            {
                Notifications.Add(message);
            }

            return message;
        }

        public async ValueTask DisposeAsync()
        {
            socket.Abort();
            socket.Dispose();
            await Task.CompletedTask;
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => value.ValueKind.ToString(),
    };

    /// <summary>Same keys; same JSON type wherever neither side is null.</summary>
    private static void AssertSameShape(JsonElement recorded, JsonElement simulated, string where, bool simulatedMayHaveMore = false)
    {
        var recordedKeys = recorded.EnumerateObject().Select(p => p.Name).Order().ToList();
        var simulatedKeys = simulated.EnumerateObject().Select(p => p.Name).Order().ToList();
        if (simulatedMayHaveMore)
        {
            Assert.Empty(recordedKeys.Except(simulatedKeys));
        }
        else
        {
            Assert.True(recordedKeys.SequenceEqual(simulatedKeys), $"{where}: recorded keys [{string.Join(", ", recordedKeys)}] vs simulated [{string.Join(", ", simulatedKeys)}]");
        }

        foreach (var key in recordedKeys)
        {
            AssertCompatible(recorded.GetProperty(key), simulated.GetProperty(key), $"{where}.{key}");
        }
    }

    private static void AssertCompatible(JsonElement recorded, JsonElement simulated, string where)
    {
        if (recorded.ValueKind == JsonValueKind.Null || simulated.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        Assert.True(Kind(recorded) == Kind(simulated), $"{where}: recorded {Kind(recorded)}, simulated {Kind(simulated)}");
    }

    [Fact]
    public async Task Subscribe_result_and_status_diffs_have_the_recorded_shapes()
    {
        await using var simulator = new MoonrakerSimulator(new MoonrakerSimulatorOptions { TimeScale = 20, SampleDuration = TimeSpan.FromSeconds(60) });
        await simulator.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.Address);
        var sendRecorded = Recordings.Messages("print_complete.jsonl", "send");

        var identify = await client.CallAsync("server.connection.identify", JsonNode.Parse(sendRecorded[0].GetProperty("params").GetRawText()));
        AssertSameShape(Recordings.AnswerTo("print_complete.jsonl", "server.connection.identify"), identify.GetProperty("result"), "identify");
        var info = await client.CallAsync("server.info");
        AssertSameShape(Recordings.AnswerTo("print_complete.jsonl", "server.info"), info.GetProperty("result"), "server.info");
        var subscribeParams = sendRecorded.First(m => m.GetProperty("method").GetString() == "printer.objects.subscribe").GetProperty("params");
        var subscribed = await client.CallAsync("printer.objects.subscribe", JsonNode.Parse(subscribeParams.GetRawText()));
        var recordedStatus = Recordings.AnswerTo("print_complete.jsonl", "printer.objects.subscribe").GetProperty("status");
        var simulatedStatus = subscribed.GetProperty("result").GetProperty("status");
        AssertSameShape(recordedStatus, simulatedStatus, "subscribe.status");
        foreach (var item in recordedStatus.EnumerateObject())
        {
            AssertSameShape(item.Value, simulatedStatus.GetProperty(item.Name), item.Name);
        }

        simulator.StartPrint();
        await client.ListenAsync(TimeSpan.FromSeconds(2.5));

        var updates = client.Notifications.Where(n => n.GetProperty("method").GetString() == "notify_status_update").ToList();
        Assert.InRange(updates.Count, 6, 12); // every 250 ms
        foreach (var update in updates)
        {
            var parameters = update.GetProperty("params");
            Assert.Equal(2, parameters.GetArrayLength());
            Assert.Equal(JsonValueKind.Number, parameters[1].ValueKind);
            foreach (var item in parameters[0].EnumerateObject())
            {
                var recordedObject = recordedStatus.GetProperty(item.Name);
                foreach (var field in item.Value.EnumerateObject())
                {
                    Assert.True(recordedObject.TryGetProperty(field.Name, out var recordedField), $"{item.Name}.{field.Name} is not in the recorded subscription");
                    AssertCompatible(recordedField, field.Value, $"{item.Name}.{field.Name}");
                }
            }
        }

        Assert.Contains(updates, u => u.GetProperty("params")[0].TryGetProperty("print_stats", out var ps) && ps.TryGetProperty("state", out var state) && state.GetString() == "printing");
        var recordedAdded = Recordings.Notifications("print_complete.jsonl").First(n => n.GetProperty("method").GetString() == "notify_history_changed").GetProperty("params")[0];
        var added = client.Notifications.First(n => n.GetProperty("method").GetString() == "notify_history_changed").GetProperty("params")[0];
        Assert.Equal("added", added.GetProperty("action").GetString());
        AssertSameShape(recordedAdded.GetProperty("job"), added.GetProperty("job"), "history.added.job");
        AssertSameShape(recordedAdded.GetProperty("job").GetProperty("metadata"), added.GetProperty("job").GetProperty("metadata"), "history.added.job.metadata", simulatedMayHaveMore: true);
        Assert.Matches("^[0-9A-F]{6}$", added.GetProperty("job").GetProperty("job_id").GetString());
    }

    [Fact]
    public async Task Http_answers_have_the_recorded_shapes()
    {
        await using var simulator = new MoonrakerSimulator(new MoonrakerSimulatorOptions { TimeScale = 200, SampleDuration = TimeSpan.FromSeconds(20) });
        await simulator.StartAsync();
        simulator.StartPrint();
        for (var i = 0; i < 200 && simulator.PrintState != "complete"; i++)
        {
            await Task.Delay(50);
        }

        using var http = new HttpClient { BaseAddress = new Uri(simulator.Address) };
        async Task<JsonElement> GetAsync(string path) => JsonDocument.Parse(await http.GetStringAsync(path)).RootElement;
        static JsonElement RecordedRoot(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Recordings.Folder, "http", file))).RootElement;

        var history = await GetAsync("/server/history/list?limit=50&order=desc");
        var recordedJob = RecordedRoot("history_list.json").GetProperty("result").GetProperty("jobs")[0];
        var job = history.GetProperty("result").GetProperty("jobs")[0];
        AssertSameShape(RecordedRoot("history_list.json").GetProperty("result"), history.GetProperty("result"), "history");
        AssertSameShape(recordedJob, job, "history.job");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        AssertSameShape(RecordedRoot("server_info.json"), await GetAsync("/server/info"), "server/info");
        AssertSameShape(RecordedRoot("printer_info.json"), await GetAsync("/printer/info"), "printer/info");
        AssertSameShape(RecordedRoot("metadata_peer_test_print.json").GetProperty("result"), (await GetAsync($"/server/files/metadata?filename={MoonrakerSimulator.SampleFileName}")).GetProperty("result"), "metadata", simulatedMayHaveMore: true);
        AssertSameShape(RecordedRoot("files_list.json").GetProperty("result")[0], (await GetAsync("/server/files/list?root=gcodes")).GetProperty("result")[0], "files/list");
        AssertSameShape(RecordedRoot("history_job_000002.json").GetProperty("result"), (await GetAsync($"/server/history/job?uid={job.GetProperty("job_id").GetString()}")).GetProperty("result"), "history/job");
        var objects = (await GetAsync("/printer/objects/list")).GetProperty("result").GetProperty("objects").EnumerateArray().Select(o => o.GetString()).ToList();
        Assert.Empty(RecordedRoot("objects_list.json").GetProperty("result").GetProperty("objects").EnumerateArray().Select(o => o.GetString()).Except(objects));
        var query = await GetAsync("/printer/objects/query?print_stats&virtual_sdcard&webhooks");
        AssertSameShape(RecordedRoot("objects_query_after_print.json").GetProperty("result").GetProperty("status").GetProperty("print_stats"), query.GetProperty("result").GetProperty("status").GetProperty("print_stats"), "query.print_stats");
        Assert.Equal(32, (await GetAsync("/access/oneshot_token")).GetProperty("result").GetString()!.Length);

        using var error = await http.PostAsync("/printer/print/resume", null);
        var body = JsonDocument.Parse(await error.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(400, (int)error.StatusCode);
        Assert.Equal(["code", "message", "traceback"], body.EnumerateObject().Select(p => p.Name));
    }
}
