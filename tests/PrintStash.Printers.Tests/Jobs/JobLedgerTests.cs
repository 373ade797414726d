using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Jobs;
using PrintStash.Printers.Tests.TestSupport;

namespace PrintStash.Printers.Tests.Jobs;

public sealed class JobLedgerTests
{
    private const string HashA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string HashB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public async Task Same_job_reported_live_then_again_by_backfill_is_one_row()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var start = harness.Time.GetUtcNow().UtcDateTime;

        await Record(harness, printer.Id, new PrinterJobReport("42", "benchy.gcode", PrintJobStatus.InProgress, start, null, 10, 10));
        harness.Time.Advance(TimeSpan.FromHours(1));
        await Record(harness, printer.Id, new PrinterJobReport("42", "benchy.gcode", PrintJobStatus.Completed, start, start.AddHours(1), 3500, 3600, 1234.5, 3.7));
        await Record(harness, printer.Id, new PrinterJobReport("42", "benchy.gcode", PrintJobStatus.Completed, start, start.AddHours(1), 3500, 3600, 1234.5, 3.7));

        await using var context = harness.CreateContext();
        var job = await context.PrintJobs.SingleAsync();
        Assert.Equal(PrintJobStatus.Completed, job.Status);
        Assert.Equal(start.AddHours(1), job.EndedAt);
        Assert.Equal(3500, job.PrintSeconds);
        Assert.Equal(1234.5, job.FilamentUsedMm);
    }

    [Fact]
    public async Task Stale_in_progress_report_does_not_reopen_a_finished_job()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var start = harness.Time.GetUtcNow().UtcDateTime;
        await Record(harness, printer.Id, new PrinterJobReport("1", "a.gcode", PrintJobStatus.Cancelled, start, start.AddMinutes(5), 300, 300));
        var entry = await Record(harness, printer.Id, new PrinterJobReport("1", "a.gcode", PrintJobStatus.InProgress, start, null, 100, 100));

        Assert.Equal(PrintJobStatus.Cancelled, entry!.Status);
    }

    [Fact]
    public async Task Open_job_becomes_interrupted_when_the_printer_reports_a_newer_job_and_history_later_wins()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var start = harness.Time.GetUtcNow().UtcDateTime;
        await Record(harness, printer.Id, new PrinterJobReport("1", "a.gcode", PrintJobStatus.InProgress, start, null, 10, 10));
        await Record(harness, printer.Id, new PrinterJobReport("2", "b.gcode", PrintJobStatus.InProgress, start.AddHours(2), null, 10, 10));
        Assert.Equal(PrintJobStatus.Interrupted, await StatusOf(harness, printer.Id, "1"));

        // The printer's history knew how job 1 ended.
        await Record(harness, printer.Id, new PrinterJobReport("1", "a.gcode", PrintJobStatus.Completed, start, start.AddHours(1), 3600, 3600));
        Assert.Equal(PrintJobStatus.Completed, await StatusOf(harness, printer.Id, "1"));
        Assert.Equal(PrintJobStatus.InProgress, await StatusOf(harness, printer.Id, "2"));
    }

    [Fact]
    public async Task Standby_without_a_finish_interrupts_the_open_job()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Driver.Current?.Running == true, "connected");
        var sink = harness.Driver.Current!.Sink!;
        var start = harness.Time.GetUtcNow().UtcDateTime;

        sink.StatusChanged(new PrinterStatus { Activity = PrinterActivity.Printing, JobId = "9" });
        await sink.JobReportedAsync(new PrinterJobReport("9", "a.gcode", PrintJobStatus.InProgress, start, null, 0, 0), CancellationToken.None);
        Assert.NotNull(harness.Snapshot(printer.Id).CurrentJobId);

        sink.StatusChanged(new PrinterStatus { Activity = PrinterActivity.Standby });
        await Eventually.TrueAsync(() => harness.Snapshot(printer.Id).CurrentJobId is null, "the open job is closed");
        Assert.Equal(PrintJobStatus.Interrupted, await StatusOf(harness, printer.Id, "9"));
    }

    [Fact]
    public async Task Finished_job_clears_the_current_job_of_the_snapshot()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Driver.Current?.Running == true, "connected");
        var sink = harness.Driver.Current!.Sink!;
        var start = harness.Time.GetUtcNow().UtcDateTime;

        await sink.JobReportedAsync(new PrinterJobReport("9", "a.gcode", PrintJobStatus.InProgress, start, null, 0, 0), CancellationToken.None);
        var jobId = harness.Snapshot(printer.Id).CurrentJobId;
        Assert.NotNull(jobId);
        await sink.JobReportedAsync(new PrinterJobReport("9", "a.gcode", PrintJobStatus.Completed, start, start.AddMinutes(1), 60, 60), CancellationToken.None);
        Assert.Null(harness.Snapshot(printer.Id).CurrentJobId);
    }

    [Fact]
    public async Task File_sent_by_PrintStash_is_matched_by_hash_with_its_user_and_promoted_to_known_good()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var sent = await harness.AddVaultFileAsync("part.gcode", 1000, HashA);
        await harness.AddVaultFileAsync("part.gcode", 1000, HashB); // same name and size, other content
        await harness.Get<PendingSends>().RecordAsync(printer.Id, "part.gcode", HashA, null, harness.UserId, CancellationToken.None);
        var start = harness.Time.GetUtcNow().UtcDateTime;

        await Record(harness, printer.Id, new PrinterJobReport("5", "part.gcode", PrintJobStatus.InProgress, start, null, 0, 0, FileSize: 1000));
        await Record(harness, printer.Id, new PrinterJobReport("5", "part.gcode", PrintJobStatus.Completed, start, start.AddHours(1), 3600, 3600, FileSize: 1000));

        await using var context = harness.CreateContext();
        var job = await context.PrintJobs.SingleAsync();
        Assert.Equal(sent.Id, job.VaultFileId);
        Assert.Equal(harness.UserId, job.UserId);
        Assert.Equal(PrintStatus.KnownGood, (await context.Files.SingleAsync(f => f.Id == sent.Id)).PrintStatus);
    }

    [Fact]
    public async Task File_sent_before_a_restart_is_linked_to_its_user_and_vault_file_when_the_job_starts_after_it()
    {
        var first = await PrintersHarness.CreateAsync();
        var printer = await first.AddPrinterAsync();
        var sent = await first.AddVaultFileAsync("part.gcode", 1000, HashA);
        await first.AddVaultFileAsync("part.gcode", 1000, HashB); // same name and size: name matching alone cannot tell
        await first.Get<PendingSends>().RecordAsync(printer.Id, "gcodes/part.gcode", HashA, sent.Id, first.UserId, CancellationToken.None);

        await using var harness = await first.RestartAsync();
        var start = harness.Time.GetUtcNow().UtcDateTime;
        await Record(harness, printer.Id, new PrinterJobReport("7", "part.gcode", PrintJobStatus.InProgress, start, null, 0, 0, FileSize: 1000));

        await using var context = harness.CreateContext();
        var job = await context.PrintJobs.SingleAsync();
        Assert.Equal(sent.Id, job.VaultFileId);
        Assert.Equal(harness.UserId, job.UserId);
        Assert.Empty(await context.PendingSends.ToListAsync()); // taken by the job
    }

    [Fact]
    public async Task Send_older_than_its_lifetime_is_not_used_and_is_cleaned_up()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        await harness.AddVaultFileAsync("part.gcode", 1000, HashA);
        await harness.AddVaultFileAsync("part.gcode", 1000, HashB);
        await harness.Get<PendingSends>().RecordAsync(printer.Id, "part.gcode", HashA, null, harness.UserId, CancellationToken.None);
        harness.Time.Advance(PendingSends.Lifetime + TimeSpan.FromMinutes(1));

        var start = harness.Time.GetUtcNow().UtcDateTime;
        await Record(harness, printer.Id, new PrinterJobReport("8", "part.gcode", PrintJobStatus.InProgress, start, null, 0, 0, FileSize: 1000));

        await using var context = harness.CreateContext();
        var job = await context.PrintJobs.SingleAsync();
        Assert.Null(job.VaultFileId);
        Assert.Null(job.UserId);
        Assert.Empty(await context.PendingSends.ToListAsync());
    }

    [Fact]
    public async Task Sends_per_printer_are_capped_and_a_resend_of_a_name_replaces_the_older_one()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var sends = harness.Get<PendingSends>();
        for (var i = 0; i < PendingSends.MaxPerPrinter + 10; i++)
        {
            await sends.RecordAsync(printer.Id, $"part-{i}.gcode", HashA, null, harness.UserId, CancellationToken.None);
            harness.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await sends.RecordAsync(printer.Id, "part-41.gcode", HashB, null, harness.UserId, CancellationToken.None);

        await using var context = harness.CreateContext();
        var kept = await context.PendingSends.ToListAsync();
        Assert.Equal(PendingSends.MaxPerPrinter, kept.Count);
        Assert.DoesNotContain(kept, s => s.FileName == "part-0.gcode");
        Assert.Equal(HashB, kept.Single(s => s.FileName == "part-41.gcode").Sha256);
    }

    [Fact]
    public async Task File_started_at_the_printer_is_matched_by_name_and_size()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var file = await harness.AddVaultFileAsync("bracket.gcode", 2048, HashA);
        await harness.AddVaultFileAsync("bracket.gcode", 4096, HashB);
        var start = harness.Time.GetUtcNow().UtcDateTime;

        await Record(harness, printer.Id, new PrinterJobReport("5", "subdir/bracket.gcode", PrintJobStatus.Completed, start, start.AddHours(1), 3600, 3600, FileSize: 2048));

        await using var context = harness.CreateContext();
        var job = await context.PrintJobs.SingleAsync();
        Assert.Equal(file.Id, job.VaultFileId);
        Assert.Null(job.UserId);
    }

    [Fact]
    public async Task Ambiguous_name_and_size_is_settled_by_the_slicer_estimate_or_left_unlinked()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        await harness.AddVaultFileAsync("cube.gcode", 500, HashA, estimatedSeconds: 1200);
        var fast = await harness.AddVaultFileAsync("cube.gcode", 500, HashB, estimatedSeconds: 900);
        var start = harness.Time.GetUtcNow().UtcDateTime;

        await Record(harness, printer.Id, new PrinterJobReport("1", "cube.gcode", PrintJobStatus.Completed, start, start.AddHours(1), 900, 900, FileSize: 500, MetadataJson: """{"estimated_time": 900, "slicer": "PrusaSlicer"}"""));
        await Record(harness, printer.Id, new PrinterJobReport("2", "cube.gcode", PrintJobStatus.Completed, start.AddHours(2), start.AddHours(3), 900, 900, FileSize: 500));

        await using var context = harness.CreateContext();
        Assert.Equal(fast.Id, (await context.PrintJobs.SingleAsync(j => j.PrinterJobId == "1")).VaultFileId);
        Assert.Null((await context.PrintJobs.SingleAsync(j => j.PrinterJobId == "2")).VaultFileId);
    }

    [Fact]
    public async Task Failed_print_file_stays_failed_after_a_completed_print()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var file = await harness.AddVaultFileAsync("x.gcode", 10, HashA, PrintStatus.Failed);
        var start = harness.Time.GetUtcNow().UtcDateTime;
        await Record(harness, printer.Id, new PrinterJobReport("1", "x.gcode", PrintJobStatus.Completed, start, start.AddHours(1), 10, 10, FileSize: 10));

        await using var context = harness.CreateContext();
        Assert.Equal(file.Id, (await context.PrintJobs.SingleAsync()).VaultFileId);
        Assert.Equal(PrintStatus.Failed, (await context.Files.SingleAsync(f => f.Id == file.Id)).PrintStatus);
    }

    [Fact]
    public async Task Cancelled_print_leaves_a_needs_test_file_untested()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var file = await harness.AddVaultFileAsync("x.gcode", 10, HashA);
        var start = harness.Time.GetUtcNow().UtcDateTime;
        await Record(harness, printer.Id, new PrinterJobReport("1", "x.gcode", PrintJobStatus.Cancelled, start, start.AddHours(1), 10, 10, FileSize: 10));

        await using var context = harness.CreateContext();
        Assert.Equal(PrintStatus.NeedsTest, (await context.Files.SingleAsync(f => f.Id == file.Id)).PrintStatus);
    }

    [Fact]
    public async Task Bad_reports_are_ignored_or_cleaned_never_crash()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var start = harness.Time.GetUtcNow().UtcDateTime;

        Assert.Null(await Record(harness, printer.Id, new PrinterJobReport("", "a.gcode", PrintJobStatus.Completed, start, null, 1, 1)));
        Assert.Null(await Record(harness, printer.Id, new PrinterJobReport(new string('9', 65), "a.gcode", PrintJobStatus.Completed, start, null, 1, 1)));
        await Record(harness, printer.Id, new PrinterJobReport(
            "x", new string('n', 2000), PrintJobStatus.Completed, start, start.AddHours(-1), double.NaN, double.PositiveInfinity,
            FilamentUsedMm: -5, FilamentUsedGrams: double.NaN, MetadataJson: "{not json"));

        await using var context = harness.CreateContext();
        var job = await context.PrintJobs.SingleAsync();
        Assert.Equal(512, job.FileName.Length);
        Assert.Equal(0, job.PrintSeconds);
        Assert.Equal(0, job.TotalSeconds);
        Assert.Null(job.EndedAt);
        Assert.Null(job.FilamentUsedMm);
        Assert.Null(job.MetadataJson);
    }

    [Fact]
    public async Task Running_job_progress_is_written_at_most_every_thirty_seconds()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var start = harness.Time.GetUtcNow().UtcDateTime;
        for (var i = 0; i < 100; i++)
        {
            await Record(harness, printer.Id, new PrinterJobReport("1", "a.gcode", PrintJobStatus.InProgress, start, null, i, i));
            harness.Time.Advance(TimeSpan.FromMilliseconds(250));
        }

        await using (var context = harness.CreateContext())
        {
            Assert.Equal(0, (await context.PrintJobs.SingleAsync()).PrintSeconds);
        }

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await Record(harness, printer.Id, new PrinterJobReport("1", "a.gcode", PrintJobStatus.InProgress, start, null, 200, 200));
        await using (var context = harness.CreateContext())
        {
            Assert.Equal(200, (await context.PrintJobs.SingleAsync()).PrintSeconds);
        }
    }

    [Fact]
    public async Task Totals_sum_jobs_time_filament_longest_and_success_rate_per_printer()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var other = await harness.AddPrinterAsync("Other");
        var start = harness.Time.GetUtcNow().UtcDateTime;
        await Record(harness, printer.Id, new PrinterJobReport("1", "a", PrintJobStatus.Completed, start, start.AddHours(1), 3000, 3600, 1000, 3));
        await Record(harness, printer.Id, new PrinterJobReport("2", "b", PrintJobStatus.Completed, start.AddHours(2), start.AddHours(4), 7000, 7200, 2000, 6));
        await Record(harness, printer.Id, new PrinterJobReport("3", "c", PrintJobStatus.Cancelled, start.AddHours(5), start.AddHours(6), 600, 600, 100, null));
        await Record(harness, printer.Id, new PrinterJobReport("4", "d", PrintJobStatus.InProgress, start.AddHours(7), null, 60, 60));
        await Record(harness, other.Id, new PrinterJobReport("1", "a", PrintJobStatus.Error, start, start.AddHours(1), 50, 50));

        var totals = await harness.Get<PrinterJobTotalsQuery>().ForPrinterAsync(printer.Id, CancellationToken.None);
        Assert.Equal(4, totals.Jobs);
        Assert.Equal(10_660, totals.PrintSeconds);
        Assert.Equal(3_100, totals.FilamentUsedMm);
        Assert.Equal(9, totals.FilamentUsedGrams);
        Assert.Equal(7_000, totals.LongestJobSeconds);
        Assert.Equal(2.0 / 3.0, totals.SuccessRate!.Value, 6);

        var empty = await harness.Get<PrinterJobTotalsQuery>().ForPrinterAsync(Guid.NewGuid(), CancellationToken.None);
        Assert.Equal(0, empty.Jobs);
        Assert.Null(empty.SuccessRate);
        Assert.Equal(2, (await harness.Get<PrinterJobTotalsQuery>().ForAllPrintersAsync(CancellationToken.None)).Count);
    }

    private static Task<JobLedgerEntry?> Record(PrintersHarness harness, Guid printerId, PrinterJobReport report) =>
        harness.Ledger.RecordAsync(printerId, report, CancellationToken.None);

    private static async Task<PrintJobStatus> StatusOf(PrintersHarness harness, Guid printerId, string printerJobId)
    {
        await using var context = harness.CreateContext();
        return await context.PrintJobs.Where(j => j.PrinterId == printerId && j.PrinterJobId == printerJobId).Select(j => j.Status).SingleAsync();
    }
}
