using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Jobs;

/// <summary>What the ledger made of a report: the job row and whether it is still running.</summary>
public sealed record JobLedgerEntry(Guid JobId, PrintJobStatus Status);

/// <summary>
/// One row per print, fed by the drivers' job reports (live and history backfill). Idempotent on
/// (printer, printer job id): the same job reported again, after a reconnect or in a backfill, updates its row.
/// </summary>
public sealed class JobLedger(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    PendingSends pendingSends,
    TimeProvider time,
    ILogger<JobLedger> logger)
{
    /// <summary>Progress of a running job is written at most this often (drivers may report many times a second).</summary>
    public static readonly TimeSpan RunningWriteInterval = TimeSpan.FromSeconds(30);

    private const int MaxMetadataChars = 64 * 1024;

    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> printerGates = new();
    private readonly ConcurrentDictionary<Guid, RunningWrite> lastRunningWrites = new();

    /// <summary>Start of the newest job known for the printer: drivers import printer history from there.</summary>
    public async Task<DateTime?> NewestStartedAtAsync(Guid printerId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.PrintJobs.AsNoTracking()
            .Where(j => j.PrinterId == printerId)
            .MaxAsync(j => (DateTime?)j.StartedAt, cancellationToken);
    }

    public async Task<JobLedgerEntry?> RecordAsync(Guid printerId, PrinterJobReport report, CancellationToken cancellationToken)
    {
        var printerJobId = report.PrinterJobId?.Trim() ?? string.Empty;
        if (printerJobId.Length is 0 or > 64)
        {
            logger.LogWarning("Printer {PrinterId} reported a job without a usable id ({Length} characters); ignored", printerId, printerJobId.Length);
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (report.Status == PrintJobStatus.InProgress &&
            lastRunningWrites.TryGetValue(printerId, out var last) &&
            last.PrinterJobId == printerJobId && now >= last.At && now - last.At < RunningWriteInterval)
        {
            return new JobLedgerEntry(last.JobId, PrintJobStatus.InProgress);
        }

        var gate = printerGates.GetOrAdd(printerId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var entry = await UpsertAsync(printerId, printerJobId, report, now, cancellationToken);
            if (entry.Status == PrintJobStatus.InProgress)
            {
                lastRunningWrites[printerId] = new RunningWrite(printerJobId, entry.JobId, now);
            }
            else
            {
                lastRunningWrites.TryRemove(printerId, out _);
            }

            return entry;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The printer is idle (or printing something else) while jobs of it are still "in progress" here: they ended
    /// without PrintStash hearing how. A later report from the printer's history overwrites "interrupted".
    /// </summary>
    public async Task<int> MarkInterruptedAsync(Guid printerId, string? exceptPrinterJobId, CancellationToken cancellationToken)
    {
        var gate = printerGates.GetOrAdd(printerId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var open = await context.PrintJobs
                .Where(j => j.PrinterId == printerId && j.Status == PrintJobStatus.InProgress && j.PrinterJobId != exceptPrinterJobId)
                .ToListAsync(cancellationToken);
            foreach (var job in open)
            {
                Interrupt(job, now);
            }

            await context.SaveChangesAsync(cancellationToken);
            if (open.Count > 0)
            {
                lastRunningWrites.TryRemove(printerId, out _);
            }

            return open.Count;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The job still running on the printer according to the ledger, if any.</summary>
    public async Task<Guid?> OpenJobAsync(Guid printerId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.PrintJobs.AsNoTracking()
            .Where(j => j.PrinterId == printerId && j.Status == PrintJobStatus.InProgress)
            .OrderByDescending(j => j.StartedAt)
            .Select(j => (Guid?)j.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<JobLedgerEntry> UpsertAsync(Guid printerId, string printerJobId, PrinterJobReport report, DateTime now, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var job = await context.PrintJobs.FirstOrDefaultAsync(j => j.PrinterId == printerId && j.PrinterJobId == printerJobId, cancellationToken);
        var previousStatus = job?.Status;
        if (job is null)
        {
            job = new PrintJob
            {
                Id = Guid.CreateVersion7(),
                PrinterId = printerId,
                PrinterJobId = printerJobId,
                FileName = Clean(report.FileName),
            };
            context.PrintJobs.Add(job);
            await LinkVaultFileAsync(context, job, report, cancellationToken);
        }
        else if (job.VaultFileId is null && report.FileSize is not null)
        {
            await LinkVaultFileAsync(context, job, report, cancellationToken);
        }

        // A finished job stays finished: a stale "in progress" (late live frame) does not reopen it. "Interrupted" is
        // only our guess, so anything the printer says replaces it.
        var finished = previousStatus is { } p && p != PrintJobStatus.InProgress && p != PrintJobStatus.Interrupted;
        if (!(finished && report.Status == PrintJobStatus.InProgress))
        {
            Apply(job, report, now);
        }

        await InterruptOlderOpenJobsAsync(context, printerId, job, now, cancellationToken);

        await context.SaveChangesAsync(cancellationToken);

        if (job.Status == PrintJobStatus.Completed && previousStatus != PrintJobStatus.Completed && job.VaultFileId is { } fileId)
        {
            await PromoteToKnownGoodAsync(context, fileId, cancellationToken);
        }

        return new JobLedgerEntry(job.Id, job.Status);
    }

    private static void Apply(PrintJob job, PrinterJobReport report, DateTime now)
    {
        job.FileName = Clean(report.FileName);
        job.Status = report.Status;
        job.StartedAt = report.StartedAt.Kind == DateTimeKind.Utc ? report.StartedAt : DateTime.SpecifyKind(report.StartedAt, DateTimeKind.Utc);
        job.EndedAt = report.EndedAt is { } ended && ended >= job.StartedAt ? ended : report.Status == PrintJobStatus.InProgress ? null : job.EndedAt;
        job.PrintSeconds = Seconds(report.PrintSeconds);
        job.TotalSeconds = Math.Max(job.PrintSeconds, Seconds(report.TotalSeconds));
        job.FilamentUsedMm = NonNegative(report.FilamentUsedMm) ?? job.FilamentUsedMm;
        job.FilamentUsedGrams = NonNegative(report.FilamentUsedGrams) ?? job.FilamentUsedGrams;
        if (report.MetadataJson is { Length: > 0 and <= MaxMetadataChars } metadata && IsJsonObject(metadata))
        {
            job.MetadataJson = metadata;
        }

        job.UpdatedAt = now;
    }

    private async Task LinkVaultFileAsync(PrintStashDbContext context, PrintJob job, PrinterJobReport report, CancellationToken cancellationToken)
    {
        if (await pendingSends.TakeAsync(job.PrinterId, report.FileName, cancellationToken) is { } sent)
        {
            job.UserId ??= sent.UserId;
            job.VaultFileId = sent.VaultFileId ?? await VaultFileMatcher.ByHashAsync(context, sent.Sha256, cancellationToken);
            if (job.VaultFileId is not null)
            {
                return;
            }
        }

        job.VaultFileId = await VaultFileMatcher.ByNameAndSizeAsync(context, report.FileName, report.FileSize, report.MetadataJson, cancellationToken);
    }

    /// <summary>Older jobs still open on this printer ended unseen once the printer reports a newer job.</summary>
    private static async Task InterruptOlderOpenJobsAsync(PrintStashDbContext context, Guid printerId, PrintJob current, DateTime now, CancellationToken cancellationToken)
    {
        var older = await context.PrintJobs
            .Where(j => j.PrinterId == printerId && j.Status == PrintJobStatus.InProgress && j.Id != current.Id && j.StartedAt < current.StartedAt)
            .ToListAsync(cancellationToken);
        foreach (var job in older)
        {
            Interrupt(job, now);
        }
    }

    private static void Interrupt(PrintJob job, DateTime now)
    {
        job.Status = PrintJobStatus.Interrupted;
        job.EndedAt ??= now >= job.StartedAt ? now : job.StartedAt;
        job.UpdatedAt = now;
    }

    /// <summary>A "needs test" print file that printed to completion is known good; "failed" stays the user's call.</summary>
    private async Task PromoteToKnownGoodAsync(PrintStashDbContext context, Guid fileId, CancellationToken cancellationToken)
    {
        var promoted = await context.Files
            .Where(f => f.Id == fileId && f.IsPrintFile && f.PrintStatus == PrintStatus.NeedsTest)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.PrintStatus, PrintStatus.KnownGood), cancellationToken);
        if (promoted > 0)
        {
            logger.LogInformation("Print file {FileId} printed to completion; marked known good", fileId);
        }
    }

    private static string Clean(string? fileName)
    {
        var name = (fileName ?? string.Empty).Trim();
        name = name.Length == 0 ? "(unknown file)" : name;
        return name.Length <= 512 ? name : name[..512];
    }

    private static double Seconds(double value) => double.IsFinite(value) && value > 0 ? Math.Min(value, TimeSpan.FromDays(365).TotalSeconds) : 0;

    private static double? NonNegative(double? value) => value is { } v && double.IsFinite(v) && v >= 0 ? v : null;

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed record RunningWrite(string PrinterJobId, Guid JobId, DateTime At);
}
