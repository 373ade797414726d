using System.Security.Cryptography;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Simulation.PrusaLink;

namespace PrintStash.Printers.Tests.PrusaLink;

public sealed class PrusaLinkDriverTests
{
    private const string Bracket = "bracket_0.2mm_PLA_MK4_1h32m.bgcode";

    [Fact]
    public async Task Status_follows_a_print_from_start_to_finish()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        var connection = await rig.ConnectAsync();

        Assert.Equal(PrinterActivity.Standby, rig.Sink.Last!.Activity);
        Assert.Contains("PrusaLink", rig.Sink.Last.Firmware, StringComparison.Ordinal);
        Assert.Contains("MK4", rig.Sink.Last.Firmware, StringComparison.Ordinal);

        Assert.True((await connection.StartAsync(Bracket, CancellationToken.None)).Succeeded);
        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Printing, "printing");
        var jobId = rig.Simulator.CurrentJobId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        rig.Clock.Advance(TimeSpan.FromMinutes(46));
        await rig.Sink.WaitForStatusAsync(s => s.Progress >= 0.49 && s.Heaters.Any(h => h.Name == "extruder" && h.Current > 200), "half way");
        var halfway = rig.Sink.Last!;
        Assert.Equal(jobId, halfway.JobId);
        Assert.Equal(Bracket, halfway.FileName);
        Assert.Equal(0.5, halfway.Progress!.Value, 2);
        Assert.Equal(TimeSpan.FromMinutes(46), halfway.Remaining);
        Assert.Equal(TimeSpan.FromMinutes(46), halfway.Elapsed);
        Assert.Equal(1.0, halfway.SpeedFactor);
        Assert.Equal(4300, halfway.FanRpm);
        Assert.Equal(215.0, halfway.Heaters.Single(h => h.Name == "extruder").Target);
        Assert.Equal(60.0, halfway.Heaters.Single(h => h.Name == "heater_bed").Target);

        rig.Clock.Advance(TimeSpan.FromMinutes(47));
        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Complete, "finished");
        Assert.Equal(1.0, rig.Sink.Last!.Progress);

        await rig.Sink.WaitForAsync(s => s.Jobs.Any(j => j.Status == PrintJobStatus.Completed), "completed report");
        var reports = rig.Sink.Jobs;
        Assert.Equal([PrintJobStatus.InProgress, PrintJobStatus.Completed], reports.Select(j => j.Status));
        Assert.All(reports, j => Assert.Equal(jobId, j.PrinterJobId));
        var completed = reports[^1];
        Assert.Equal(Bracket, completed.FileName);
        Assert.Equal(FakeTimeProvider.DefaultStart.UtcDateTime, completed.StartedAt);
        Assert.Equal(FakeTimeProvider.DefaultStart.UtcDateTime.AddMinutes(93), completed.EndedAt);
        Assert.Equal(92 * 60, completed.PrintSeconds);
        Assert.NotNull(completed.FilamentUsedGrams);
        Assert.Contains("filament_type", completed.MetadataJson, StringComparison.Ordinal);

        var thumbnail = rig.Sink.Thumbnails.First(t => t.Image is not null);
        Assert.Equal("image/png", thumbnail.ContentType);
        Assert.Equal((byte)0x89, thumbnail.Image![0]);
    }

    [Fact]
    public async Task Job_reports_are_sent_once_per_outcome_and_not_repeated_by_polling()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        var connection = await rig.ConnectAsync();
        Assert.True((await connection.StartAsync(Bracket, CancellationToken.None)).Succeeded);
        await rig.Sink.WaitForAsync(s => s.Jobs.Count == 1, "the first report");

        // Many polls of the same running job (25 ms apart) add no report.
        var polls = rig.Simulator.Requests.Count(r => r.Path == "/api/v1/job");
        await rig.Sink.WaitForAsync(_ => rig.Simulator.Requests.Count(r => r.Path == "/api/v1/job") > polls + 5, "more polls");
        Assert.Single(rig.Sink.Jobs);

        rig.Clock.Advance(TimeSpan.FromHours(2));
        await rig.Sink.WaitForAsync(s => s.Jobs.Count == 2, "the completed report");
        var finishedPolls = rig.Simulator.Requests.Count(r => r.Path == "/api/v1/job");
        await rig.Sink.WaitForAsync(_ => rig.Simulator.Requests.Count(r => r.Path == "/api/v1/job") > finishedPolls + 3, "polls while finished");

        // The user clears the finished job on the printer: it is gone, not "interrupted".
        rig.Simulator.Acknowledge();
        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Standby && s.JobId is null, "idle again");
        Assert.Equal([PrintJobStatus.InProgress, PrintJobStatus.Completed], rig.Sink.Jobs.Select(j => j.Status));
        Assert.Null(rig.Sink.Thumbnails[^1].Image);
    }

    [Fact]
    public async Task Upload_with_print_after_upload_streams_the_file_and_starts_it()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        var connection = await rig.ConnectAsync();
        var bytes = RandomNumberGenerator.GetBytes(700_000);
        var reported = new List<long>();

        var result = await connection.UploadAsync(
            new NonSeekableStream(new MemoryStream(bytes)), "parts/hook_0.2mm_PLA_MK4_20m.bgcode", bytes.Length, startAfterUpload: true, new SyncProgress(reported.Add), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var stored = Assert.Single(rig.Simulator.Files, f => f.Path == "parts/hook_0.2mm_PLA_MK4_20m.bgcode");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(bytes.Length, reported[^1]);
        var put = Assert.Single(rig.Simulator.Requests, r => r.Method == "PUT");
        Assert.Equal("/api/v1/files/usb/parts/hook_0.2mm_PLA_MK4_20m.bgcode", put.Path);
        Assert.Equal("?1", put.Headers["Print-After-Upload"]);
        Assert.Equal("application/octet-stream", put.Headers["Content-Type"]);
        Assert.Equal("700000", put.Headers["Content-Length"]);
        Assert.False(put.Headers.ContainsKey("Overwrite"));

        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Printing && s.FileName == "hook_0.2mm_PLA_MK4_20m.bgcode", "printing the upload");
    }

    [Fact]
    public async Task Upload_without_printing_sends_no_print_header_and_overwrites_an_existing_file()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        var connection = await rig.ConnectAsync();
        var bytes = RandomNumberGenerator.GetBytes(10_000);

        var result = await connection.UploadAsync(new MemoryStream(bytes), Bracket, bytes.Length, startAfterUpload: false, null, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var put = Assert.Single(rig.Simulator.Requests, r => r.Method == "PUT");
        Assert.False(put.Headers.ContainsKey("Print-After-Upload"));
        Assert.Equal("?1", put.Headers["Overwrite"]);
        Assert.Equal(10_000, rig.Simulator.Files.Single(f => f.Path == Bracket).Size);
        Assert.Equal("IDLE", rig.Simulator.State);
    }

    [Fact]
    public async Task Upload_is_refused_in_words_when_the_file_is_being_printed_or_the_printer_is_busy()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        var connection = await rig.ConnectAsync();
        Assert.True((await connection.StartAsync(Bracket, CancellationToken.None)).Succeeded);
        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Printing, "printing");

        var same = await connection.UploadAsync(new MemoryStream(new byte[100]), Bracket, 100, false, null, CancellationToken.None);
        var busy = await connection.UploadAsync(new MemoryStream(new byte[100]), "other.gcode", 100, true, null, CancellationToken.None);
        var wrongType = await connection.UploadAsync(new MemoryStream(new byte[100]), "model.stl", 100, false, null, CancellationToken.None);
        var escape = await connection.UploadAsync(new MemoryStream(new byte[100]), "../x.gcode", 100, false, null, CancellationToken.None);

        Assert.Contains("being printed", same.Error, StringComparison.Ordinal);
        Assert.Contains("busy", busy.Error, StringComparison.Ordinal);
        Assert.Contains(".gcode and .bgcode", wrongType.Error, StringComparison.Ordinal);
        Assert.Contains("not a valid file name", escape.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.Simulator.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Upload_refuses_an_existing_file_when_overwriting_is_off()
    {
        var options = PrusaLinkRig.FastOptions();
        options.OverwriteExistingFiles = false;
        await using var rig = await PrusaLinkRig.CreateAsync(options: options);
        var connection = await rig.ConnectAsync();

        var result = await connection.UploadAsync(new MemoryStream(new byte[100]), Bracket, 100, false, null, CancellationToken.None);

        Assert.Equal("The file already exists on the printer.", result.Error);
    }

    [Fact]
    public async Task Pause_resume_and_stop_drive_the_printer_and_end_the_job_as_cancelled()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        var connection = await rig.ConnectAsync();
        Assert.True((await connection.StartAsync(Bracket, CancellationToken.None)).Succeeded);
        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Printing, "printing");

        Assert.True((await connection.PauseAsync(CancellationToken.None)).Succeeded);
        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Paused, "paused");
        Assert.Equal("PAUSED", rig.Simulator.State);
        var pausedAgain = await connection.PauseAsync(CancellationToken.None);
        Assert.Contains("cannot be paused now", pausedAgain.Error, StringComparison.Ordinal);

        Assert.True((await connection.ResumeAsync(CancellationToken.None)).Succeeded);
        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Printing, "printing again");
        var resumedAgain = await connection.ResumeAsync(CancellationToken.None);
        Assert.Contains("cannot be resumed now", resumedAgain.Error, StringComparison.Ordinal);

        Assert.True((await connection.CancelAsync(CancellationToken.None)).Succeeded);
        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Cancelled, "stopped");
        await rig.Sink.WaitForAsync(s => s.Jobs.Any(j => j.Status == PrintJobStatus.Cancelled), "cancelled report");
        Assert.Equal([PrintJobStatus.InProgress, PrintJobStatus.Cancelled], rig.Sink.Jobs.Select(j => j.Status));
        Assert.Contains(rig.Simulator.Requests, r => r.Method == "PUT" && r.Path.EndsWith("/pause", StringComparison.Ordinal));
        Assert.Contains(rig.Simulator.Requests, r => r.Method == "DELETE" && r.Path.StartsWith("/api/v1/job/", StringComparison.Ordinal));

        var noJob = await connection.PauseAsync(CancellationToken.None);
        Assert.Equal("No print is running.", noJob.Error);
    }

    [Fact]
    public async Task Starting_is_refused_in_words_when_busy_or_the_file_is_missing()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        var connection = await rig.ConnectAsync();

        var missing = await connection.StartAsync("nope.bgcode", CancellationToken.None);
        Assert.Equal("'nope.bgcode' is not on the printer.", missing.Error);

        Assert.True((await connection.StartAsync("/usb/farm/clip_0.2mm_PLA_MK4_18m.bgcode", CancellationToken.None)).Succeeded);
        var busy = await connection.StartAsync(Bracket, CancellationToken.None);
        Assert.Equal("The printer is busy.", busy.Error);
    }

    [Fact]
    public async Task Attention_holds_the_print_as_paused_and_an_error_ends_the_job_as_error()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        var connection = await rig.ConnectAsync();
        Assert.True((await connection.StartAsync(Bracket, CancellationToken.None)).Succeeded);
        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Printing, "printing");

        rig.Simulator.SetPrinterState("ATTENTION");
        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Paused, "attention");
        Assert.Contains("attention", rig.Sink.Last!.Message, StringComparison.OrdinalIgnoreCase);

        rig.Simulator.SetPrinterState("ERROR");
        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Error, "error");
        Assert.Equal("Thermal runaway", rig.Sink.Last!.Message);
        await rig.Sink.WaitForAsync(s => s.Jobs.Any(j => j.Status == PrintJobStatus.Error), "error report");
        Assert.NotNull(rig.Sink.Jobs[^1].EndedAt);
    }

    [Fact]
    public async Task A_job_that_vanishes_without_an_outcome_is_reported_interrupted()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        var connection = await rig.ConnectAsync();
        Assert.True((await connection.StartAsync(Bracket, CancellationToken.None)).Succeeded);
        await rig.Sink.WaitForAsync(s => s.Jobs.Count == 1, "in progress");

        // The printer was power-cycled mid-print: it comes back idle with no job and no outcome.
        rig.Simulator.PowerCycle();
        await rig.Sink.WaitForAsync(s => s.Jobs.Count >= 2, "the ending");

        var ending = rig.Sink.Jobs[1];
        Assert.Equal(PrintJobStatus.Interrupted, ending.Status);
        Assert.Equal(rig.Sink.Jobs[0].PrinterJobId, ending.PrinterJobId);
        Assert.Equal(Bracket, ending.FileName);
        Assert.NotNull(ending.EndedAt);
    }

    [Fact]
    public async Task An_idle_printer_is_polled_slowly_a_printing_one_fast_and_a_command_polls_at_once()
    {
        var options = PrusaLinkRig.FastOptions();
        options.PollWhileIdle = TimeSpan.FromHours(1);
        await using var rig = await PrusaLinkRig.CreateAsync(options: options);
        var connection = await rig.ConnectAsync();
        await Task.Delay(300);
        Assert.Single(rig.Simulator.Requests, r => r.Path == "/api/v1/status");

        Assert.True((await connection.StartAsync(Bracket, CancellationToken.None)).Succeeded);

        await rig.Sink.WaitForStatusAsync(s => s.Activity == PrinterActivity.Printing, "printing right after the command", seconds: 2);
        await rig.Sink.WaitForAsync(_ => rig.Simulator.Requests.Count(r => r.Path == "/api/v1/status") > 10, "fast polls while printing", seconds: 5);
    }

    [Fact]
    public async Task Control_before_the_session_runs_is_refused_in_words()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        await using var connection = rig.Driver.CreateConnection(rig.Printer);

        var result = await connection.PauseAsync(CancellationToken.None);

        Assert.Equal("The printer is not connected.", result.Error);
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
