using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Moonraker;
using PrintStash.Printers.Simulation.Moonraker;

namespace PrintStash.Printers.Tests.Moonraker;

/// <summary>The real driver against the simulator, end to end over loopback WebSocket + HTTP.</summary>
public sealed class MoonrakerDriverSimulatorTests
{
    private static MoonrakerSimulatorOptions FastPrinter(string? apiKey = MoonrakerTesting.ApiKey) => new()
    {
        ApiKey = apiKey,
        TimeScale = 30,
        SampleDuration = TimeSpan.FromSeconds(90),
        KlippyRestartDelay = TimeSpan.FromMilliseconds(400),
    };

    private sealed class Session : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();

        public Session(MoonrakerSimulator simulator, DateTime? backfillSince = null, string? key = MoonrakerTesting.ApiKey)
        {
            Connection = MoonrakerTesting.Driver().CreateConnection(MoonrakerTesting.Printer(simulator.Address, key));
            Run = Task.Run(() => Connection.RunAsync(Sink, backfillSince, stop.Token));
        }

        public RecordingSink Sink { get; } = new();

        public IPrinterConnection Connection { get; }

        public Task Run { get; }

        public Task WaitAsync(Func<RecordingSink, bool> condition, string what, double seconds = 20) => Sink.WaitForAsync(condition, what, seconds, Run);

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await Connection.DisposeAsync();
            try
            {
                await Run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is OperationCanceledException or MoonrakerProtocolException)
            {
            }

            stop.Dispose();
        }
    }

    [Fact]
    public async Task Upload_start_pause_resume_cancel_round_trip()
    {
        await using var simulator = new MoonrakerSimulator(FastPrinter());
        await simulator.StartAsync();
        await using var session = new Session(simulator);
        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Standby && s.Last.Heaters.Length == 3, "standby with extruder, bed and host sensor");

        var file = SampleGcode.Create(TimeSpan.FromSeconds(240), layers: 10, seed: 3);
        var uploaded = new List<long>();
        using var content = new MemoryStream(file);
        var upload = await session.Connection.UploadAsync(content, "farm/cube.gcode", file.Length, startAfterUpload: true, new SynchronousProgress(uploaded), CancellationToken.None);

        Assert.True(upload.Succeeded, upload.Error);
        Assert.Equal(file.Length, uploaded[^1]);
        await session.WaitAsync(s => s.Last is { Activity: PrinterActivity.Printing, FileName: "farm/cube.gcode", JobId: not null }, "printing the upload");
        await session.WaitAsync(s => s.Thumbnails.Any(t => t.Image is not null), "the thumbnail");
        var thumbnail = session.Sink.Thumbnails.Last(t => t.Image is not null);
        Assert.Equal("image/png", thumbnail.ContentType);
        Assert.Equal(300, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(thumbnail.Image.AsSpan(16)));
        await session.WaitAsync(s => s.Last?.Progress > 0.05 && s.Last.CurrentLayer >= 1 && s.Last.Remaining is not null, "progress, layer and ETA");
        Assert.Equal(10, session.Sink.Last!.TotalLayers);
        var heaters = session.Sink.Last.Heaters;
        Assert.Equal(215, heaters.Single(h => h.Name == "extruder").Target);

        var busy = await session.Connection.StartAsync(MoonrakerSimulator.SampleFileName, CancellationToken.None);
        Assert.Equal("The printer is busy printing farm/cube.gcode.", busy.Error);

        Assert.True((await session.Connection.PauseAsync(CancellationToken.None)).Succeeded);
        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Paused, "paused");
        Assert.Equal("The print is already paused.", (await session.Connection.PauseAsync(CancellationToken.None)).Error);
        using (var again = new MemoryStream(file))
        {
            var inUse = await session.Connection.UploadAsync(again, "farm/cube.gcode", file.Length, startAfterUpload: false, null, CancellationToken.None);
            Assert.Equal("The printer is busy printing farm/cube.gcode; a file of that name cannot be replaced while it prints (Moonraker: File currently in use).", inUse.Error);
        }

        Assert.True((await session.Connection.ResumeAsync(CancellationToken.None)).Succeeded);
        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Printing, "printing again");
        Assert.True((await session.Connection.CancelAsync(CancellationToken.None)).Succeeded);
        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Cancelled, "cancelled");
        await session.WaitAsync(s => s.Jobs.Any(j => j.Status == PrintJobStatus.Cancelled), "the cancelled job");

        var jobs = session.Sink.Jobs;
        Assert.Equal([PrintJobStatus.InProgress, PrintJobStatus.Cancelled], jobs.Select(j => j.Status));
        Assert.Single(jobs.Select(j => j.PrinterJobId).Distinct());
        Assert.Equal("farm/cube.gcode", jobs[1].FileName);
        Assert.Equal(file.Length, jobs[1].FileSize);
        Assert.Equal((simulator.History[^1].JobId, "cancelled"), (jobs[1].PrinterJobId, simulator.History[^1].Status));
    }

    [Fact]
    public async Task Full_print_finishes_as_a_completed_job_with_filament_and_durations()
    {
        await using var simulator = new MoonrakerSimulator(FastPrinter());
        await simulator.StartAsync();
        await using var session = new Session(simulator);
        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Standby, "standby");

        Assert.True((await session.Connection.StartAsync(MoonrakerSimulator.SampleFileName, CancellationToken.None)).Succeeded);
        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Complete, "complete", seconds: 30);
        await session.WaitAsync(s => s.Jobs.Any(j => j.Status == PrintJobStatus.Completed), "the completed job");

        var job = session.Sink.Jobs.Single(j => j.Status == PrintJobStatus.Completed);
        Assert.Equal(MoonrakerSimulator.SampleFileName, job.FileName);
        Assert.InRange(job.PrintSeconds, 85, 100);
        Assert.True(job.TotalSeconds > job.PrintSeconds, "heat-up counts in the total only");
        Assert.Equal(25 * 180.5, job.FilamentUsedMm!.Value, 1);
        Assert.Equal(13.45, job.FilamentUsedGrams!.Value, 1);
        Assert.True(job.EndedAt > job.StartedAt);
        Assert.Contains("\"slicer\":\"PrusaSlicer\"", job.MetadataJson, StringComparison.Ordinal);
        var layers = session.Sink.Statuses.Where(s => s.Activity == PrinterActivity.Printing && s.CurrentLayer is not null).Select(s => s.CurrentLayer!.Value).ToList();
        Assert.Equal(layers.Order(), layers);
        Assert.Equal((25, 25), (session.Sink.Last!.CurrentLayer, session.Sink.Last.TotalLayers));
    }

    [Fact]
    public async Task Backfill_after_reconnect_imports_jobs_finished_while_away_without_repeating_old_ones()
    {
        var clock = new FakeTimeProvider(FakeTimeProvider.StartingNow().GetUtcNow());
        await using var simulator = new MoonrakerSimulator(FastPrinter(), clock);
        await simulator.StartAsync();
        async Task PrintOnceAsync()
        {
            simulator.StartPrint();
            for (var i = 0; i < 400 && simulator.PrintState != "complete"; i++)
            {
                await Task.Delay(50);
            }

            Assert.Equal("complete", simulator.PrintState);
            clock.Advance(TimeSpan.FromHours(1));
        }

        await PrintOnceAsync();
        await PrintOnceAsync();
        DateTime newestKnown;
        await using (var first = new Session(simulator))
        {
            await first.WaitAsync(s => s.Jobs.Count == 2 && s.Last is not null, "two jobs backfilled");
            Assert.Equal(["000001", "000002"], first.Sink.Jobs.Select(j => j.PrinterJobId));
            Assert.All(first.Sink.Jobs, j => Assert.Equal(PrintJobStatus.Completed, j.Status));
            newestKnown = first.Sink.Jobs.Max(j => j.StartedAt);
        }

        await PrintOnceAsync();
        await using var second = new Session(simulator, backfillSince: newestKnown);
        await second.WaitAsync(s => s.Last is not null, "connected again");

        Assert.Equal(["000002", "000003"], second.Sink.Jobs.Select(j => j.PrinterJobId));
        Assert.All(second.Sink.Jobs, j => Assert.Equal(PrintJobStatus.Completed, j.Status));
    }

    [Fact]
    public async Task Job_that_finished_while_PrintStash_was_away_is_finalised_from_history_on_reconnect()
    {
        await using var simulator = new MoonrakerSimulator(FastPrinter());
        await simulator.StartAsync();
        PrinterJobReport running;
        await using (var first = new Session(simulator))
        {
            await first.WaitAsync(s => s.Last?.Activity == PrinterActivity.Standby, "standby");
            Assert.True((await first.Connection.StartAsync(MoonrakerSimulator.SampleFileName, CancellationToken.None)).Succeeded);
            await first.WaitAsync(s => s.Jobs.Count == 1, "the job started");
            running = first.Sink.Jobs[0];
            Assert.Equal(PrintJobStatus.InProgress, running.Status);
        }

        for (var i = 0; i < 400 && simulator.PrintState != "complete"; i++)
        {
            await Task.Delay(50);
        }

        await using var second = new Session(simulator, backfillSince: running.StartedAt);
        await second.WaitAsync(s => s.Last is not null && s.Jobs.Count == 1, "reconnected with the job from history");

        var finished = second.Sink.Jobs[0];
        Assert.Equal((running.PrinterJobId, PrintJobStatus.Completed), (finished.PrinterJobId, finished.Status));
        Assert.NotNull(finished.EndedAt);
        Assert.Equal(PrinterActivity.Complete, second.Sink.Last!.Activity);
    }

    [Fact]
    public async Task Moonraker_restart_mid_print_then_reconnect_knows_the_running_job()
    {
        var options = FastPrinter();
        options.SampleDuration = TimeSpan.FromHours(2);
        await using var simulator = new MoonrakerSimulator(options);
        await simulator.StartAsync();
        simulator.StartPrint();
        string jobId;
        await using (var first = new Session(simulator))
        {
            await first.WaitAsync(s => s.Last is { Activity: PrinterActivity.Printing, JobId: not null }, "printing with a job id");
            jobId = first.Sink.Last!.JobId!;
            simulator.ForceDisconnect();
            var ended = await Record.ExceptionAsync(() => first.Run.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(ended is null or MoonrakerProtocolException, ended?.ToString());
        }

        await using var second = new Session(simulator, backfillSince: null);
        await second.WaitAsync(s => s.Last is { Activity: PrinterActivity.Printing } && s.Jobs.Count == 1, "printing again after reconnect");

        Assert.Equal(jobId, second.Sink.Last!.JobId);
        Assert.Equal((jobId, PrintJobStatus.InProgress), (second.Sink.Jobs[0].PrinterJobId, second.Sink.Jobs[0].Status));
        Assert.Equal(1, simulator.ConnectedClients);
    }

    [Fact]
    public async Task Klippy_restart_mid_print_ends_the_job_and_the_driver_subscribes_again()
    {
        var options = FastPrinter();
        options.SampleDuration = TimeSpan.FromHours(2);
        await using var simulator = new MoonrakerSimulator(options);
        await simulator.StartAsync();
        await using var session = new Session(simulator);
        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Standby, "standby");
        Assert.True((await session.Connection.StartAsync(MoonrakerSimulator.SampleFileName, CancellationToken.None)).Succeeded);
        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Printing, "printing");

        await simulator.KlippyRestartAsync();

        await session.WaitAsync(s => s.Jobs.Any(j => j.Status == PrintJobStatus.Interrupted), "the job ends as interrupted (klippy_disconnect)");
        await session.WaitAsync(s => s.Statuses.Any(x => x.Activity == PrinterActivity.Unknown) && s.Last is { Activity: PrinterActivity.Standby, Heaters.Length: 3 }, "standby again with live heaters");
        Assert.Contains(session.Sink.Statuses, s => s.Message == "Klipper is not connected to Moonraker; waiting for it to restart.");
    }

    [Fact]
    public async Task Klippy_shutdown_shows_an_error_with_the_reason_and_refuses_commands()
    {
        await using var simulator = new MoonrakerSimulator(FastPrinter());
        await simulator.StartAsync();
        await using var session = new Session(simulator);
        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Standby, "standby");

        simulator.KlippyShutdown("MCU 'mcu' shutdown: Timer too close");

        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Error, "error");
        Assert.Equal("MCU 'mcu' shutdown: Timer too close", session.Sink.Last!.Message);
        var refused = await session.Connection.StartAsync(MoonrakerSimulator.SampleFileName, CancellationToken.None);
        Assert.Equal("Klipper is not ready: it is shut down (MCU 'mcu' shutdown: Timer too close).", refused.Error);
    }

    [Fact]
    public async Task Commands_that_make_no_sense_now_are_refused_in_words()
    {
        await using var simulator = new MoonrakerSimulator(FastPrinter());
        await simulator.StartAsync();
        await using var session = new Session(simulator);
        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Standby, "standby");

        Assert.Equal("Nothing is printing.", (await session.Connection.PauseAsync(CancellationToken.None)).Error);
        Assert.Equal("The print is not paused.", (await session.Connection.ResumeAsync(CancellationToken.None)).Error);
        Assert.Equal("Nothing is printing.", (await session.Connection.CancelAsync(CancellationToken.None)).Error);
        Assert.Equal("Unable to open file \"missing.gcode\"", (await session.Connection.StartAsync("missing.gcode", CancellationToken.None)).Error);
        Assert.Equal("\"../etc/passwd\" is not a valid file name on the printer.", (await session.Connection.StartAsync("../etc/passwd", CancellationToken.None)).Error);
    }

    [Fact]
    public async Task Wrong_api_key_fails_the_session_with_an_authentication_error()
    {
        await using var simulator = new MoonrakerSimulator(FastPrinter());
        await simulator.StartAsync();
        var sink = new RecordingSink();
        await using var wrong = MoonrakerTesting.Driver().CreateConnection(MoonrakerTesting.Printer(simulator.Address, "ffffffffffffffffffffffffffffffff"));
        await using var missing = MoonrakerTesting.Driver().CreateConnection(MoonrakerTesting.Printer(simulator.Address));

        var rejected = await Assert.ThrowsAsync<PrinterAuthenticationException>(() => wrong.RunAsync(sink, null, CancellationToken.None));
        var required = await Assert.ThrowsAsync<PrinterAuthenticationException>(() => missing.RunAsync(sink, null, CancellationToken.None));

        Assert.Equal("API key rejected", rejected.Message);
        Assert.Equal("Moonraker requires an API key", required.Message);
        Assert.Equal(0, sink.Established);
        Assert.Empty(sink.Statuses);
    }

    [Fact]
    public async Task Test_reports_key_problems_on_the_secret_field_and_success_with_a_summary()
    {
        await using var simulator = new MoonrakerSimulator(FastPrinter());
        await simulator.StartAsync();
        var driver = MoonrakerTesting.Driver();

        var wrong = await driver.TestAsync(MoonrakerTesting.Printer(simulator.Address, "ffffffffffffffffffffffffffffffff"), CancellationToken.None);
        var missing = await driver.TestAsync(MoonrakerTesting.Printer(simulator.Address), CancellationToken.None);
        var right = await driver.TestAsync(MoonrakerTesting.Printer(simulator.Address, MoonrakerTesting.ApiKey), CancellationToken.None);

        Assert.Equal([new PrinterFieldProblem("Secret", "API key rejected")], wrong.Problems);
        Assert.Equal("Secret", Assert.Single(missing.Problems).Field);
        Assert.True(right.Succeeded);
        Assert.Equal("Moonraker v0.10.0-31-gd5ee171 · Klipper v0.13.0-730-g84104bbbd ready · 1 file", right.Summary);
        Assert.Null(right.PresentedCertificateSha256);
    }

    [Fact]
    public async Task Oneshot_token_is_used_when_a_proxy_drops_the_key_header_on_the_websocket()
    {
        var options = FastPrinter();
        options.WebSocketHeaderAuthStripped = true;
        await using var simulator = new MoonrakerSimulator(options);
        await simulator.StartAsync();
        await using var session = new Session(simulator);

        await session.WaitAsync(s => s.Last?.Activity == PrinterActivity.Standby, "standby through a oneshot token");

        Assert.Equal(1, simulator.OneshotTokensRedeemed);
    }

    [Fact]
    public async Task Demo_printer_prints_the_sample_in_a_loop_with_a_pause()
    {
        var options = MoonrakerSimulatorOptions.Demo(0);
        options.TimeScale = 60;
        options.SampleDuration = TimeSpan.FromSeconds(120);
        options.DemoIdle = TimeSpan.FromMilliseconds(300);
        options.DemoPause = TimeSpan.FromMilliseconds(600);
        await using var simulator = new MoonrakerSimulator(options);
        await simulator.StartAsync();
        await using var session = new Session(simulator, key: null);

        await session.WaitAsync(s => s.Jobs.Count(j => j.Status == PrintJobStatus.Completed) >= 1 && s.Jobs.Select(j => j.PrinterJobId).Distinct().Count() >= 2, "a finished demo print and the next one started", seconds: 40);

        var activities = session.Sink.Statuses.Select(s => s.Activity).ToList();
        var paused = activities.IndexOf(PrinterActivity.Paused);
        Assert.True(paused > 0, "the demo pauses once per print");
        Assert.Contains(PrinterActivity.Complete, activities.Skip(paused));
        Assert.Equal(["000001", "000002"], session.Sink.Jobs.Select(j => j.PrinterJobId).Distinct().Take(2));
    }

    private sealed class SynchronousProgress(List<long> values) : IProgress<long>
    {
        public void Report(long value)
        {
            lock (values)
            {
                values.Add(value);
            }
        }
    }
}
