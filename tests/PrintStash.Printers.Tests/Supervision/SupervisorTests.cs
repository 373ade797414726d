using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Tests.TestSupport;

namespace PrintStash.Printers.Tests.Supervision;

public sealed class SupervisorTests
{
    [Fact]
    public async Task Thousand_forced_disconnects_never_leave_more_than_one_open_connection()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        var driver = harness.Driver;

        for (var i = 1; i <= 1_000; i++)
        {
            await Eventually.TrueAsync(() => driver.Created == i && driver.Current?.Running == true, $"connection {i} runs");
            Assert.Equal(PrinterConnectionState.Online, harness.Snapshot(printer.Id).Connection);
            driver.Current!.Disconnect();
            if (i % 100 == 0)
            {
                // A configuration change in the middle: the supervisor is replaced, still one connection at a time.
                await using (var context = harness.CreateContext())
                {
                    await context.Printers.Where(p => p.Id == printer.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Address, $"http://printer-{i}.local:7125"));
                }

                await harness.Supervisors.ReconcileAsync(CancellationToken.None);
            }

            await harness.AdvanceUntilAsync(() => driver.Created > i, $"reconnect {i}", TimeSpan.FromSeconds(6));
            Assert.True(driver.Open <= 1, $"{driver.Open} connections open after disconnect {i}");
        }

        Assert.Equal(1, driver.MaxOpen);
        Assert.Equal(1, harness.Supervisors.Count);
    }

    [Fact]
    public async Task Backoff_grows_to_the_cap_and_resets_on_the_first_good_message()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var driver = harness.Driver;
        driver.Behaviour = TestSessionBehaviour.Fail;
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);

        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 7; attempt++)
        {
            await Eventually.TrueAsync(() => driver.Created == attempt && harness.Snapshot(printer.Id) is { Connection: PrinterConnectionState.Offline, NextRetryAt: not null }, $"attempt {attempt} failed");
            var snapshot = harness.Snapshot(printer.Id);
            Assert.Equal("Connection refused", snapshot.ConnectionError);
            delays.Add(snapshot.NextRetryAt!.Value - harness.Time.GetUtcNow().UtcDateTime);
            await harness.AdvanceUntilAsync(() => driver.Created > attempt, $"attempt {attempt + 1}", TimeSpan.FromMilliseconds(500));
        }

        // Measured against the clock after the step that woke the loop, so up to one step (0.5 s) short.
        double[] bases = [5, 10, 20, 40, 60, 60, 60];
        for (var i = 0; i < delays.Count; i++)
        {
            Assert.InRange(delays[i].TotalSeconds, (bases[i] * 0.8) - 0.5, Math.Min(60, bases[i] * 1.2));
        }

        driver.Behaviour = TestSessionBehaviour.Stay;
        await harness.AdvanceUntilAsync(() => harness.Snapshot(printer.Id).Connection == PrinterConnectionState.Online, "online again");
        Assert.Null(harness.Snapshot(printer.Id).NextRetryAt);
        Assert.Null(harness.Snapshot(printer.Id).ConnectionError);

        var created = driver.Created;
        driver.Current!.Disconnect();
        await Eventually.TrueAsync(() => harness.Snapshot(printer.Id) is { Connection: PrinterConnectionState.Offline, NextRetryAt: not null }, "offline after the drop");
        var reset = harness.Snapshot(printer.Id).NextRetryAt!.Value - harness.Time.GetUtcNow().UtcDateTime;
        Assert.InRange(reset.TotalSeconds, 4, 6);
        await harness.AdvanceUntilAsync(() => driver.Created > created, "reconnect after reset");
    }

    [Fact]
    public async Task Driver_that_fails_at_once_for_ever_is_retried_at_the_backoff_pace_not_in_a_tight_loop()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        await harness.AddPrinterAsync();
        harness.Driver.Behaviour = TestSessionBehaviour.Fail;
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => harness.Driver.Created == 1, "the first attempt");
        await Task.Delay(200);
        Assert.Equal(1, harness.Driver.Created);

        // Ten minutes: 5 + 10 + 20 + 40 s, then one attempt a minute at most (with jitter) — about a dozen attempts.
        for (var s = 0; s < 600; s++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        Assert.InRange(harness.Driver.Created, 8, 16);
        Assert.Equal(1, harness.Driver.MaxOpen);
    }

    [Fact]
    public async Task Rejected_credentials_show_auth_failed_and_retry_slowly()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        harness.Driver.Behaviour = TestSessionBehaviour.RejectCredentials;
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => harness.Snapshot(printer.Id).Connection == PrinterConnectionState.AuthFailed, "auth failed is shown");
        var snapshot = harness.Snapshot(printer.Id);
        Assert.Equal("API key rejected", snapshot.ConnectionError);
        Assert.Equal(harness.Time.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(5), snapshot.NextRetryAt);

        for (var s = 0; s < 290; s++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        Assert.Equal(1, harness.Driver.Created);
        await harness.AdvanceUntilAsync(() => harness.Driver.Created == 2, "the slow retry");
    }

    [Fact]
    public async Task Driver_that_never_returns_on_cancel_does_not_block_shutdown()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        harness.Driver.Behaviour = TestSessionBehaviour.HangIgnoringCancel;
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Snapshot(printer.Id).Connection == PrinterConnectionState.Online, "online");

        await using (var context = harness.CreateContext())
        {
            await context.Printers.Where(p => p.Id == printer.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Enabled, false));
        }

        var reconcile = harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await harness.AdvanceUntilAsync(() => reconcile.IsCompleted, "the hung supervisor is abandoned", limit: TimeSpan.FromSeconds(30));
        await reconcile;
        Assert.Equal(PrinterConnectionState.Disabled, harness.Snapshot(printer.Id).Connection);
        Assert.Equal(0, harness.Supervisors.Count);
    }

    [Fact]
    public async Task Disabled_printers_get_no_connection_and_show_disabled_until_enabled()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync(enabled: false);
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        Assert.Equal(PrinterConnectionState.Disabled, harness.Snapshot(printer.Id).Connection);
        Assert.Equal(0, harness.Driver.Created);

        await using (var context = harness.CreateContext())
        {
            await context.Printers.Where(p => p.Id == printer.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Enabled, true));
        }

        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Snapshot(printer.Id).Connection == PrinterConnectionState.Online, "online once enabled");
        Assert.Equal("key", harness.Driver.Definitions.Single().Secret);
    }

    [Fact]
    public async Task Deleted_printer_is_stopped_and_leaves_the_hub()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Driver.Open == 1, "connected");

        await using (var context = harness.CreateContext())
        {
            await context.Printers.Where(p => p.Id == printer.Id).ExecuteDeleteAsync();
        }

        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        Assert.Null(harness.Hub.Find(printer.Id));
        Assert.Equal(0, harness.Driver.Open);
    }

    [Fact]
    public async Task Undecryptable_secret_shows_auth_failed_in_words_without_connecting()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        harness.Secrets.Broken = true;
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);

        var snapshot = harness.Snapshot(printer.Id);
        Assert.Equal(PrinterConnectionState.AuthFailed, snapshot.Connection);
        Assert.Contains("enter the key again", snapshot.ConnectionError);
        Assert.Equal(0, harness.Driver.Created);
    }

    [Fact]
    public async Task Missing_driver_for_the_kind_is_shown_in_words()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync(change: p => p.Kind = PrinterKind.Bambu);
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);

        Assert.Equal(PrinterConnectionState.Offline, harness.Snapshot(printer.Id).Connection);
        Assert.Contains("No Bambu driver", harness.Snapshot(printer.Id).ConnectionError);
    }

    [Fact]
    public async Task Hub_is_seeded_from_the_coarse_snapshot_after_a_restart()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var seenAt = harness.Time.GetUtcNow().UtcDateTime.AddMinutes(-3);
        var printer = await harness.AddPrinterAsync(change: p =>
        {
            p.LastState = "Printing";
            p.LastSeenAt = seenAt;
            p.Tags = "farm-a,petg";
            p.Location = "Garage";
        });
        harness.Driver.Behaviour = TestSessionBehaviour.Fail;
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);

        var snapshot = harness.Snapshot(printer.Id);
        Assert.Equal(PrinterActivity.Printing, snapshot.Status.Activity);
        Assert.Equal(seenAt, snapshot.LastSeenAt);
        Assert.Equal(["farm-a", "petg"], snapshot.Tags);
        Assert.Equal("Garage", snapshot.Location);
    }

    [Fact]
    public async Task Supervisor_passes_the_newest_known_job_start_as_backfill_point()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var started = harness.Time.GetUtcNow().UtcDateTime.AddHours(-2);
        await harness.Ledger.RecordAsync(printer.Id, new PrinterJobReport("7", "a.gcode", PrintJobStatus.Completed, started.AddHours(-1), started, 3600, 3600), CancellationToken.None);
        await harness.Ledger.RecordAsync(printer.Id, new PrinterJobReport("8", "b.gcode", PrintJobStatus.Completed, started, started.AddMinutes(30), 1800, 1800), CancellationToken.None);
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => !harness.Driver.BackfillSinces.IsEmpty, "connected");
        Assert.True(harness.Driver.BackfillSinces.TryPeek(out var since));
        Assert.Equal(started, since);
    }

    [Fact]
    public async Task Clock_jumps_neither_trigger_early_reconnects_nor_stall_them()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        await harness.AddPrinterAsync();
        harness.Driver.Behaviour = TestSessionBehaviour.Fail;
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Driver.Created == 1 && harness.Time.ActiveTimers > 0, "waiting to retry");

        harness.Time.Jump(TimeSpan.FromDays(1));
        await Task.Delay(100);
        Assert.Equal(1, harness.Driver.Created);

        harness.Time.Jump(TimeSpan.FromDays(-3));
        await harness.AdvanceUntilAsync(() => harness.Driver.Created == 2, "the retry after the clock went back", limit: TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Late_reports_of_a_dropped_connection_are_ignored()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Driver.Current?.Running == true, "connected");
        var old = harness.Driver.Current!;
        old.Disconnect();
        await Eventually.TrueAsync(() => harness.Snapshot(printer.Id).Connection == PrinterConnectionState.Offline, "offline");

        old.Sink!.StatusChanged(new PrinterStatus { Activity = PrinterActivity.Printing });
        old.Sink.ConnectionEstablished();

        Assert.Equal(PrinterConnectionState.Offline, harness.Snapshot(printer.Id).Connection);
        Assert.NotEqual(PrinterActivity.Printing, harness.Snapshot(printer.Id).Status.Activity);
    }
}
