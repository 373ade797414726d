using System.Text;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Bambu;
using PrintStash.Printers.Simulation.Bambu;
using PrintStash.Printers.Tests.TestSupport;

namespace PrintStash.Printers.Tests.Bambu;

public sealed class BambuDriverTests
{
    [Fact]
    public async Task Connect_asks_for_the_full_state_once_and_merges_incremental_reports()
    {
        await using var rig = await BambuTestRig.StartAsync();
        var sink = new RecordingSink();

        await using var running = await rig.RunAsync(sink);

        var status = await sink.WaitForStatusAsync(s => s.Firmware is not null, "firmware from get_version");
        Assert.Equal(PrinterActivity.Standby, status.Activity);
        Assert.Equal("Bambu Lab P1S · 01.08.02.00", status.Firmware);
        Assert.Equal(["extruder", "heater_bed", "chamber"], status.Heaters.Select(h => h.Name));
        Assert.Equal(new FilamentSlot("AMS 1 · 2", "PETG", "#000000", 0.4, false), status.Filaments[1]);
        Assert.Equal(1, sink.Established);
        Assert.Single(rig.Simulator.ReceivedCommands, c => c == "pushing/pushall");
        Assert.Contains("info/get_version", rig.Simulator.ReceivedCommands);
    }

    [Fact]
    public async Task A_silent_printer_is_asked_to_restart_its_stream_but_never_for_a_second_pushall_within_five_minutes()
    {
        // The idle simulator reports incrementally, so after the first full report it has nothing to say.
        await using var rig = await BambuTestRig.StartAsync(driverOptions: o => o with { StaleAfter = TimeSpan.FromMilliseconds(300) });
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Single(rig.Simulator.ReceivedCommands, c => c == "pushing/pushall");
        Assert.Contains("pushing/start", rig.Simulator.ReceivedCommands);
        Assert.False(running.Run.IsCompleted);
    }

    [Fact]
    public async Task A_started_print_runs_to_one_completed_job_with_live_progress()
    {
        await using var rig = await BambuTestRig.StartAsync();
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);

        var started = await running.Connection.StartAsync("bracket.gcode.3mf", CancellationToken.None);

        Assert.True(started.Succeeded, started.Error);
        Assert.Equal("file:///sdcard/bracket.gcode.3mf", rig.Simulator.LastProjectUrl);
        var printing = await sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Printing && s.Progress > 0.2, "progress while printing");
        Assert.Equal("bracket.gcode.3mf", printing.FileName);
        Assert.NotNull(printing.Remaining);
        Assert.True(printing.Filaments[0].Active);
        var done = await sink.WaitForJobAsync(j => j.Status == PrintJobStatus.Completed, "the completed job");
        Assert.Equal(PrintJobStatus.InProgress, sink.Jobs[0].Status);
        Assert.All(sink.Jobs, j => Assert.Equal(done.PrinterJobId, j.PrinterJobId));
        Assert.StartsWith("bracket.gcode.3mf@", done.PrinterJobId, StringComparison.Ordinal);
        await sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Complete && s.Progress == 1, "the finished status");
    }

    [Fact]
    public async Task Pause_resume_and_cancel_drive_the_printer_and_the_job_ends_cancelled()
    {
        await using var rig = await BambuTestRig.StartAsync(o => o with { Reporting = BambuSimulatorReporting.Full, PrintDuration = TimeSpan.FromMinutes(5) });
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);
        var printer = running.Connection;

        Assert.Equal("Nothing is printing, so there is nothing to pause.", (await printer.PauseAsync(CancellationToken.None)).Error);
        Assert.True((await printer.StartAsync("cube.gcode.3mf", CancellationToken.None)).Succeeded);
        await sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Printing && s.Message is null, "printing");
        Assert.Equal("The printer is busy with another print.", (await printer.StartAsync("other.gcode.3mf", CancellationToken.None)).Error);

        Assert.True((await printer.PauseAsync(CancellationToken.None)).Succeeded);
        var paused = await sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Paused, "paused");
        Assert.Equal("Paused by the user", paused.Message);
        Assert.True((await printer.ResumeAsync(CancellationToken.None)).Succeeded);
        await sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Printing, "printing again");
        Assert.True((await printer.CancelAsync(CancellationToken.None)).Succeeded);

        var cancelled = await sink.WaitForJobAsync(j => j.Status != PrintJobStatus.InProgress, "the ended job");
        Assert.Equal(PrintJobStatus.Cancelled, cancelled.Status);
        Assert.Equal(PrinterActivity.Cancelled, (await sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Cancelled, "cancelled")).Activity);
        Assert.Equal(["print/project_file", "print/pause", "print/resume", "print/stop"], rig.Simulator.ReceivedCommands.Where(c => c.StartsWith("print/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_refused_command_reports_the_printers_reason()
    {
        await using var rig = await BambuTestRig.StartAsync(o => o with { FileExists = _ => false });
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);

        var result = await running.Connection.StartAsync("missing.gcode.3mf", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("The printer refused 'project_file': file not found: missing.gcode.3mf", result.Error);
    }

    [Fact]
    public async Task Commands_are_refused_in_words_when_the_printer_requires_signed_commands()
    {
        await using var rig = await BambuTestRig.StartAsync(o => o with { RequireSignedCommands = true });
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);

        var result = await running.Connection.StartAsync("cube.gcode.3mf", CancellationToken.None);

        Assert.Contains("Developer Mode", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("print/project_file", rig.Simulator.ReceivedCommands);
    }

    [Fact]
    public async Task Unusable_file_names_are_refused_before_anything_is_sent()
    {
        await using var rig = await BambuTestRig.StartAsync();
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);

        foreach (var name in new[] { "../etc/passwd", "a/b.3mf", "line\nbreak.3mf", "", ".." })
        {
            Assert.False((await running.Connection.StartAsync(name, CancellationToken.None)).Succeeded);
            Assert.False((await running.Connection.UploadAsync(new MemoryStream([1]), name, 1, false, null, CancellationToken.None)).Succeeded);
        }
    }

    [Fact]
    public async Task Malformed_reports_are_ignored_and_the_session_carries_on()
    {
        await using var rig = await BambuTestRig.StartAsync();
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);

        foreach (var bad in new[] { "{not json", "[1,2,3]", "{\"print\":5}", "{\"print\":{\"gcode_state\":\"RUNNING\",\"gcode_state\":\"IDLE\"}}", new string('[', 5000), "\"\u0000\"" })
        {
            await rig.Simulator.PublishRawAsync(Encoding.UTF8.GetBytes(bad), CancellationToken.None);
        }

        await rig.Simulator.PublishRawAsync("""{"print":{"command":"push_status","mc_percent":"13","nozzle_temper":"hot"}}"""u8.ToArray(), CancellationToken.None);
        await sink.WaitForStatusAsync(s => s.Progress == 0.13, "the good report after the bad ones");
        Assert.False(running.Run.IsCompleted);
        Assert.True((await running.Connection.StartAsync("cube.gcode.3mf", CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task A_broker_restart_ends_the_session_so_the_supervisor_reconnects()
    {
        await using var rig = await BambuTestRig.StartAsync();
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);

        await rig.Broker.RestartAsync();

        await Assert.ThrowsAsync<PrintStash.Printers.Mqtt.MqttConnectionClosedException>(() => running.Run.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal("The printer is not connected.", (await running.Connection.PauseAsync(CancellationToken.None)).Error);
    }

    [Fact]
    public async Task Run_with_a_wrong_access_code_is_an_authentication_failure()
    {
        await using var rig = await BambuTestRig.StartAsync();
        await using var connection = rig.Driver.CreateConnection(rig.Printer(accessCode: "87654321"));

        var error = await Assert.ThrowsAsync<PrinterAuthenticationException>(() => connection.RunAsync(new RecordingSink(), null, CancellationToken.None));

        Assert.Contains("access code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_changed_after_pinning_stops_the_session()
    {
        await using var rig = await BambuTestRig.StartAsync();
        await using var connection = rig.Driver.CreateConnection(rig.Printer(pin: string.Join(':', Enumerable.Repeat("AA", 32))));

        await Assert.ThrowsAsync<PrintStash.Printers.Tls.CertificatePinMismatchException>(() => connection.RunAsync(new RecordingSink(), null, CancellationToken.None));
    }
}
