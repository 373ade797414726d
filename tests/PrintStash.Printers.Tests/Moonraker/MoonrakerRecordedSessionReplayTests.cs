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
