using System.Diagnostics;
using System.Text;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Moonraker;

namespace PrintStash.Printers.Tests.Moonraker;

/// <summary>Servers that misbehave: silence, truncated frames, garbage, huge messages, clock jumps.</summary>
public sealed class MoonrakerFaultTests
{
    private static async Task<ScriptedMoonrakerServer> StandbyServerAsync(Func<ScriptedSocket, Task> afterSubscribe)
    {
        var server = new ScriptedMoonrakerServer();
        MoonrakerTesting.AnswerLikeRecording(server, MoonrakerTesting.StandbySubscribeResult());
        server.AfterAnswer = (socket, method) =>
        {
            if (method == "printer.objects.subscribe")
            {
                _ = Task.Run(() => afterSubscribe(socket));
            }

            return Task.CompletedTask;
        };
        server.Start();
        await Task.Yield();
        return server;
    }

    [Fact]
    public async Task Server_that_accepts_the_socket_and_never_answers_ends_the_session_at_identify_timeout()
    {
        await using var server = new ScriptedMoonrakerServer();
        server.OnSocket = async socket =>
        {
            while (await socket.ReceiveAsync() is not null)
            {
                // Read and never answer.
            }
        };
        server.Start();
        var options = MoonrakerTesting.FastOptions();
        options.RequestTimeout = TimeSpan.FromMilliseconds(600);
        var sink = new RecordingSink();
        await using var connection = MoonrakerTesting.Driver(options).CreateConnection(MoonrakerTesting.Printer(server.Address));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MoonrakerProtocolException>(() => connection.RunAsync(sink, null, CancellationToken.None));

        Assert.Contains("did not answer server.connection.identify within 0.6 s", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
        Assert.Equal(0, sink.Established);
    }

    [Fact]
    public async Task Server_that_closes_mid_message_ends_the_session_with_a_clear_error_and_keeps_the_last_status()
    {
        var sink = new RecordingSink();
        await using var server = await StandbyServerAsync(async socket =>
        {
            await sink.WaitForAsync(s => s.Last is not null, "the first status");
            await socket.SendAsync("""{"jsonrpc":"2.0","method":"notify_status_update","params":[{"print_stats":{"state":"prin""", endOfMessage: false);
            socket.Abort();
        });
        await using var connection = MoonrakerTesting.Driver().CreateConnection(MoonrakerTesting.Printer(server.Address));

        var error = await Assert.ThrowsAsync<MoonrakerProtocolException>(() => connection.RunAsync(sink, null, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains("connection to Moonraker was lost", error.Message, StringComparison.Ordinal);
        Assert.Equal(PrinterActivity.Standby, sink.Last!.Activity);
    }

    [Fact]
    public async Task Malformed_json_odd_shapes_and_unknown_methods_are_skipped_and_the_session_goes_on()
    {
        await using var server = await StandbyServerAsync(async socket =>
        {
            string[] junk =
            [
                "{oops this is not json",
                "[1,2,3]",
                "\"just a string\"",
                """{"jsonrpc":"2.0","method":"notify_feature_from_the_future","params":{"weird":true}}""",
                """{"jsonrpc":"2.0","method":"notify_status_update","params":"not an array"}""",
                """{"jsonrpc":"2.0","method":"notify_status_update","params":[{"print_stats":"not an object"},1.0]}""",
                """{"jsonrpc":"2.0","method":"notify_status_update"}""",
                """{"jsonrpc":"2.0","method":"notify_history_changed","params":[{"action":"added","job":{"job_id":null}}]}""",
                """{"jsonrpc":"2.0","result":"nobody asked","id":987654}""",
                """{"jsonrpc":"2.0","method":42}""",
                """{"jsonrpc":"2.0","method":"notify_status_update","params":[{"print_stats":{"state":"printing","filename":"a.gcode","total_duration":12.5}},1300.0]}""",
            ];
            foreach (var message in junk)
            {
                await socket.SendAsync(message);
            }

            await Task.Delay(500);
            await socket.Socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        });
        var sink = new RecordingSink();
        await using var connection = MoonrakerTesting.Driver().CreateConnection(MoonrakerTesting.Printer(server.Address));

        await connection.RunAsync(sink, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(PrinterActivity.Printing, sink.Last!.Activity);
        Assert.Equal("a.gcode", sink.Last.FileName);
        Assert.Empty(sink.Jobs);
    }

    [Fact]
    public async Task Message_larger_than_the_cap_ends_the_session_without_buffering_it()
    {
        await using var server = await StandbyServerAsync(async socket =>
        {
            var chunk = Encoding.UTF8.GetBytes(new string('x', 64 * 1024));
            await socket.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"notify_gcode_response\",\"params\":[\"", endOfMessage: false);
            for (var i = 0; i < 160; i++)
            {
                await socket.SendBytesAsync(chunk, endOfMessage: false);
            }

            await socket.SendAsync("\"]}", endOfMessage: true);
        });
        var options = MoonrakerTesting.FastOptions();
        var sink = new RecordingSink();
        await using var connection = MoonrakerTesting.Driver(options).CreateConnection(MoonrakerTesting.Printer(server.Address));

        var error = await Assert.ThrowsAsync<MoonrakerProtocolException>(() => connection.RunAsync(sink, null, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains("larger than 4 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clock_jumps_on_either_side_do_not_break_the_session_or_the_job()
    {
        var clock = new FakeTimeProvider();
        await using var server = await StandbyServerAsync(async socket =>
        {
            await socket.SendAsync("""{"jsonrpc":"2.0","method":"notify_status_update","params":[{"print_stats":{"state":"printing","filename":"a.gcode","total_duration":5.0}},1300.0]}""");
            await Task.Delay(100);
            clock.Advance(TimeSpan.FromDays(365));
            // Klipper's monotonic eventtime goes backwards after a host reboot; the printer's wall clock jumps back too.
            await socket.SendAsync("""{"jsonrpc":"2.0","method":"notify_status_update","params":[{"print_stats":{"total_duration":6.0}},12.0]}""");
            await socket.SendAsync("""{"jsonrpc":"2.0","method":"notify_history_changed","params":[{"action":"finished","job":{"job_id":"00000F","filename":"a.gcode","status":"completed","start_time":1795302100.0,"end_time":1795300000.0,"print_duration":3.0,"total_duration":6.0,"filament_used":10.0,"metadata":{}}}]}""");
            await socket.SendAsync("""{"jsonrpc":"2.0","method":"notify_status_update","params":[{"print_stats":{"state":"complete","total_duration":7.0}},13.0]}""");
            await Task.Delay(300);
            await socket.Socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        });
        var sink = new RecordingSink();
        await using var connection = MoonrakerTesting.Driver(time: clock).CreateConnection(MoonrakerTesting.Printer(server.Address));

        await connection.RunAsync(sink, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(PrinterActivity.Complete, sink.Last!.Activity);
        Assert.Equal(TimeSpan.FromSeconds(7), sink.Last.Elapsed);
        var job = Assert.Single(sink.Jobs);
        Assert.Equal(PrintJobStatus.Completed, job.Status);
        Assert.Equal(job.StartedAt, job.EndedAt);
        Assert.Equal(6.0, job.TotalSeconds);
    }

    [Fact]
    public async Task Silent_connection_is_probed_and_ends_when_the_heartbeat_gets_no_answer()
    {
        await using var server = new ScriptedMoonrakerServer();
        MoonrakerTesting.AnswerLikeRecording(server, MoonrakerTesting.StandbySubscribeResult());
        var infoCalls = 0;
        server.Answers["server.info"] = _ =>
        {
            return Interlocked.Increment(ref infoCalls) > 1 ? ScriptedMoonrakerServer.NoAnswer : Recordings.HttpResult("server_info.json");
        };
        server.Start();
        var options = MoonrakerTesting.FastOptions();
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(300);
        options.RequestTimeout = TimeSpan.FromMilliseconds(800);
        var sink = new RecordingSink();
        await using var connection = MoonrakerTesting.Driver(options).CreateConnection(MoonrakerTesting.Printer(server.Address));

        var error = await Assert.ThrowsAsync<MoonrakerProtocolException>(() => connection.RunAsync(sink, null, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(2, infoCalls);
        Assert.Contains("did not answer server.info", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, sink.Established);
    }

    [Fact]
    public async Task Unreachable_address_fails_fast_with_words()
    {
        var sink = new RecordingSink();
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var connection = MoonrakerTesting.Driver().CreateConnection(MoonrakerTesting.Printer($"http://127.0.0.1:{port}"));

        var error = await Assert.ThrowsAsync<MoonrakerProtocolException>(() => connection.RunAsync(sink, null, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains($"Cannot reach Moonraker at http://127.0.0.1:{port}/", error.Message, StringComparison.Ordinal);
    }
}
