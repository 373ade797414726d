using System.Net.WebSockets;
using System.Text.Json.Nodes;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Tests.Moonraker;

/// <summary>The real recorded sessions replayed by a loopback WebSocket server to the real driver.</summary>
public sealed class MoonrakerRecordedSessionReplayTests
{
    private static void PushAfterFirstSubscribe(ScriptedMoonrakerServer server, IReadOnlyList<System.Text.Json.JsonElement> notifications, TimeSpan spacing, Func<Task>? beforeClose = null, Action<string>? onPush = null)
    {
        var subscribes = 0;
        server.AfterAnswer = (socket, method) =>
        {
            if (method == "printer.objects.subscribe" && Interlocked.Increment(ref subscribes) == 1)
            {
                _ = Task.Run(async () =>
                {
                    foreach (var notification in notifications)
                    {
                        onPush?.Invoke(notification.GetProperty("method").GetString()!);
                        await socket.SendAsync(notification.GetRawText());
                        await Task.Delay(spacing);
                    }

                    if (beforeClose is not null)
                    {
                        await beforeClose();
                    }

                    await socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
                });
            }

            return Task.CompletedTask;
        };
    }

    [Fact]
    public async Task Replayed_full_print_reports_statuses_and_the_completed_job()
    {
        await using var server = new ScriptedMoonrakerServer();
        MoonrakerTesting.AnswerLikeRecording(server, MoonrakerTesting.StandbySubscribeResult());
        PushAfterFirstSubscribe(server, Recordings.Notifications("print_complete.jsonl"), TimeSpan.FromMilliseconds(2));
        server.Start();
        var sink = new RecordingSink();
        await using var connection = MoonrakerTesting.Driver().CreateConnection(MoonrakerTesting.Printer(server.Address));

        await connection.RunAsync(sink, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, sink.Established);
        Assert.Equal(
            ["server.connection.identify", "server.info", "server.history.list", "printer.objects.list", "printer.objects.subscribe", "printer.info"],
            server.Received.Take(6));
        var subscribed = server.Requests.First(r => r.Method == "printer.objects.subscribe").Params.GetProperty("objects");
        Assert.Equal(
            ["webhooks", "print_stats", "virtual_sdcard", "display_status", "idle_timeout", "pause_resume", "toolhead", "gcode_move", "exclude_object", "temperature_sensor host"],
            subscribed.EnumerateObject().Select(o => o.Name));

        Assert.Equal(PrinterActivity.Standby, sink.Statuses[0].Activity);
        Assert.Contains(sink.Statuses, s => s.Activity == PrinterActivity.Printing && s.FileName == "peer_test_print.gcode" && s.JobId == "000001");
        var last = sink.Last!;
        Assert.Equal((PrinterActivity.Complete, 1.0, 5, 5), (last.Activity, last.Progress, last.CurrentLayer, last.TotalLayers));
        Assert.Equal("000001", last.JobId);
        Assert.Equal("Klipper v0.13.0-730-g84104bbbd · Moonraker v0.10.0-31-gd5ee171", last.Firmware);

        Assert.Equal([PrintJobStatus.InProgress, PrintJobStatus.Completed], sink.Jobs.Select(j => j.Status));
        Assert.Equal(31.47, sink.Jobs[1].TotalSeconds, 2);
        Assert.Equal(0, sink.Jobs[1].FilamentUsedMm);
    }

    [Fact]
    public async Task Replayed_full_print_progress_follows_the_file_position_and_never_decreases()
    {
        var statuses = await ReplayPrintAsync(Recordings.Notifications("print_complete.jsonl"));

        // The recorded file has no M73: display_status mirrors virtual_sdcard, so the file position (28 % at the first
        // diff, the header counts) is the progress.
        var job = JobProgress(statuses);
        Assert.InRange(job[0], 0.2815, 0.5);
        AssertNeverDecreases(job);
        Assert.Equal(1.0, job[^1]);
    }

    [Fact]
    public async Task Replayed_print_of_a_file_with_M73_reports_slicer_progress_from_the_heat_up_on_and_never_decreases()
    {
        var statuses = await ReplayPrintAsync(WithSlicerProgress(Recordings.Notifications("print_complete.jsonl")));

        // While the first layer starts the file position already says 28 %; display_status says M73 P0.
        var job = JobProgress(statuses);
        Assert.InRange(job[0], 0.0, 0.2);
        AssertNeverDecreases(job);
        Assert.Contains(0.2, job);
        Assert.DoesNotContain(job, p => p is > 0.25 and < 0.4);
        Assert.Equal(1.0, job[^1]);
    }

    private static async Task<IReadOnlyList<PrinterStatus>> ReplayPrintAsync(IReadOnlyList<System.Text.Json.JsonElement> notifications)
    {
        await using var server = new ScriptedMoonrakerServer();
        MoonrakerTesting.AnswerLikeRecording(server, MoonrakerTesting.StandbySubscribeResult());
        PushAfterFirstSubscribe(server, notifications, TimeSpan.FromMilliseconds(2));
        server.Start();
        var sink = new RecordingSink();
        await using var connection = MoonrakerTesting.Driver().CreateConnection(MoonrakerTesting.Printer(server.Address));

        await connection.RunAsync(sink, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        return sink.Statuses;
    }

    /// <summary>Progress of every status from the first printing one to the end of that job.</summary>
    private static List<double> JobProgress(IReadOnlyList<PrinterStatus> statuses)
    {
        var job = statuses.SkipWhile(s => s.Activity != PrinterActivity.Printing)
            .TakeWhile(s => s.Activity is PrinterActivity.Printing or PrinterActivity.Paused or PrinterActivity.Complete)
            .ToList();
        Assert.NotEmpty(job);
        Assert.All(job, s => Assert.NotNull(s.Progress));
        return job.Select(s => s.Progress!.Value).ToList();
    }

    private static void AssertNeverDecreases(IReadOnlyList<double> progress)
    {
        for (var i = 1; i < progress.Count; i++)
        {
            Assert.True(progress[i] >= progress[i - 1], $"Progress went from {progress[i - 1]:P2} back to {progress[i]:P2} (status {i}): {string.Join(", ", progress)}");
        }
    }

    /// <summary>
    /// The recorded session as Klipper reports it for the same file with PrusaSlicer's M73 lines (M73 P0 before the
    /// first layer, then one per layer change): display_status.progress holds the last M73 value and is sent only when
    /// that value changes, while virtual_sdcard keeps reporting the recorded file position.
    /// </summary>
    private static List<System.Text.Json.JsonElement> WithSlicerProgress(IReadOnlyList<System.Text.Json.JsonElement> notifications)
    {
        double? shown = null;
        var result = new List<System.Text.Json.JsonElement>();
        foreach (var notification in notifications)
        {
            var node = JsonNode.Parse(notification.GetRawText())!;
            if (node["method"]?.GetValue<string>() == "notify_status_update" && node["params"]![0] is JsonObject diff)
            {
                var stats = diff["print_stats"];
                double? slicer = stats?["state"]?.GetValue<string>() == "complete" ? 1.0
                    : stats?["info"] is JsonObject info && info["current_layer"] is { } layer && info["total_layer"] is { } total
                        ? (layer.GetValue<int>() - 1.0) / total.GetValue<int>()
                        : null;
                if (diff["display_status"] is JsonObject display)
                {
                    display.Remove("progress");
                    if (slicer is { } value && value != shown)
                    {
                        display["progress"] = value;
                        shown = value;
                    }

                    if (display.Count == 0)
                    {
                        diff.Remove("display_status");
                    }
                }
            }

            result.Add(System.Text.Json.JsonDocument.Parse(node.ToJsonString()).RootElement);
        }

        return result;
    }

    [Fact]
    public async Task Replayed_pause_resume_cancel_reports_paused_and_a_cancelled_job()
    {
        await using var server = new ScriptedMoonrakerServer();
        MoonrakerTesting.AnswerLikeRecording(server, JsonNode.Parse(Recordings.AnswerTo("pause_resume_cancel.jsonl", "printer.objects.subscribe").GetRawText())!);
        PushAfterFirstSubscribe(server, Recordings.Notifications("pause_resume_cancel.jsonl"), TimeSpan.FromMilliseconds(20));
        server.Start();
        var sink = new RecordingSink();
        await using var connection = MoonrakerTesting.Driver().CreateConnection(MoonrakerTesting.Printer(server.Address));

        await connection.RunAsync(sink, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var activities = sink.Statuses.Select(s => s.Activity).ToList();
        var paused = activities.IndexOf(PrinterActivity.Paused);
        Assert.True(paused > activities.IndexOf(PrinterActivity.Printing));
        Assert.Equal(PrinterActivity.Printing, activities.Skip(paused).First(a => a != PrinterActivity.Paused));
        Assert.Equal(PrinterActivity.Cancelled, activities[^1]);
        Assert.Equal([PrintJobStatus.InProgress, PrintJobStatus.Cancelled], sink.Jobs.Select(j => j.Status));
    }

    [Fact]
    public async Task Replayed_klippy_restarts_make_the_driver_subscribe_again_each_time()
    {
        await using var server = new ScriptedMoonrakerServer();
        var recorded = Recordings.Messages("klippy_restart.jsonl", "recv");
        MoonrakerTesting.AnswerLikeRecording(server, JsonNode.Parse(recorded[0].GetProperty("result").GetRawText())!);
        var klippyState = "ready";
        server.Answers["server.info"] = _ =>
        {
            var info = Recordings.HttpResult("server_info.json");
            info["klippy_state"] = Volatile.Read(ref klippyState);
            info["klippy_connected"] = Volatile.Read(ref klippyState) == "ready";
            return info;
        };
        PushAfterFirstSubscribe(
            server,
            Recordings.Notifications("klippy_restart.jsonl"),
            TimeSpan.FromMilliseconds(400),
            beforeClose: async () =>
            {
                for (var i = 0; i < 50 && server.Count("printer.objects.subscribe") < 3; i++)
                {
                    await Task.Delay(100);
                }
            },
            onPush: method =>
            {
                if (method is "notify_klippy_disconnected" or "notify_klippy_ready")
                {
                    Volatile.Write(ref klippyState, method == "notify_klippy_ready" ? "ready" : "disconnected");
                }
            });
        server.Start();
        var sink = new RecordingSink();
        await using var connection = MoonrakerTesting.Driver().CreateConnection(MoonrakerTesting.Printer(server.Address));

        await connection.RunAsync(sink, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, server.Count("printer.objects.subscribe"));
        Assert.Contains(sink.Statuses, s => s.Activity == PrinterActivity.Unknown && s.Message!.Contains("not connected", StringComparison.Ordinal));
        Assert.Equal(PrinterActivity.Cancelled, sink.Last!.Activity);
    }
}
