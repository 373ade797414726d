using System.Globalization;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Bambu;

/// <summary>
/// Turns the stream of merged reports into job reports for the ledger: a job starts when gcode_state leaves
/// IDLE/FINISH/FAILED, is keyed by task/subtask id (local prints: file + gcode_start_time) so reconnects update the same
/// row, and ends on FINISH (completed) or FAILED (cancelled when print_error 0x0300400C was seen, else error).
/// </summary>
internal sealed class BambuJobTracker(TimeProvider timeProvider)
{
    private static readonly TimeSpan ProgressReportInterval = TimeSpan.FromSeconds(60);
    private CurrentJob? current;
    private string? lastState;
    private DateTime lastReportAt;
    private bool sawFirstReport;

    public CurrentJob? Current => current;

    /// <summary>The job whose outcome the printer still shows (FINISH/FAILED are sticky until the next job).</summary>
    public CurrentJob? LastFinished { get; private set; }

    public IReadOnlyList<PrinterJobReport> Observe(BambuPrintReport report)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var state = report.GcodeState?.ToUpperInvariant();
        var first = !sawFirstReport;
        sawFirstReport = true;
        var reports = new List<PrinterJobReport>();
        switch (state)
        {
            case "PREPARE" or "SLICING" or "INIT" or "RUNNING" or "PAUSE":
                ObserveActive(report, state, now, reports);
                break;
            case "FINISH" or "FAILED":
                if (current is not null)
                {
                    var cancelled = current.CancelSeen || report.PrintError == BambuPrintReport.CancelledByUserError;
                    var status = state == "FINISH" ? PrintJobStatus.Completed : cancelled ? PrintJobStatus.Cancelled : PrintJobStatus.Error;
                    LastFinished = Update(current, state, now, report) with { CancelSeen = cancelled };
                    reports.Add(ToReport(LastFinished, status, now));
                    current = null;
                }
                else if (first && Identity(report, now) is { } id)
                {
                    // The job ended while we were not connected: finalise the row a previous session may have left in progress.
                    var startedAt = StartTime(report) ?? now;
                    var status = state == "FINISH" ? PrintJobStatus.Completed
                        : report.PrintError == BambuPrintReport.CancelledByUserError ? PrintJobStatus.Cancelled : PrintJobStatus.Error;
                    LastFinished = new CurrentJob(id, BambuStatusMapper.FileName(report) ?? "unknown", startedAt, status == PrintJobStatus.Cancelled, null, 0);
                    reports.Add(new PrinterJobReport(id, LastFinished.FileName, status, startedAt, null, 0, 0));
                }

                break;
            case "IDLE":
                if (current is not null)
                {
                    reports.Add(ToReport(Update(current, state, now, report), PrintJobStatus.Interrupted, now));
                    current = null;
                }

                break;
        }

        lastState = state;
        return reports;
    }

    private void ObserveActive(BambuPrintReport report, string state, DateTime now, List<PrinterJobReport> reports)
    {
        var id = current?.Id;
        var reportedId = Identity(report, now);
        if (current is not null && reportedId is not null && reportedId != current.Id && !reportedId.Contains("@observed-", StringComparison.Ordinal))
        {
            // A different job is running: the previous one ended without us seeing how.
            reports.Add(ToReport(current, PrintJobStatus.Interrupted, now));
            current = null;
        }

        if (current is null)
        {
            id = reportedId ?? $"unknown@observed-{now.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";
            current = new CurrentJob(id, BambuStatusMapper.FileName(report) ?? "unknown", StartTime(report) ?? now, false, null, 0);
            LastFinished = null;
            current = Update(current, state, now, report);
            reports.Add(ToReport(current, PrintJobStatus.InProgress, now));
            lastReportAt = now;
            return;
        }

        current = Update(current, state, now, report);
        if (state != lastState || now - lastReportAt >= ProgressReportInterval)
        {
            reports.Add(ToReport(current, PrintJobStatus.InProgress, now));
            lastReportAt = now;
        }
    }

    private static CurrentJob Update(CurrentJob job, string state, DateTime now, BambuPrintReport report)
    {
        var pausedSeconds = job.PausedSeconds;
        DateTime? pausedSince = job.PausedSince;
        if (state == "PAUSE" && pausedSince is null)
        {
            pausedSince = now;
        }
        else if (state != "PAUSE" && pausedSince is { } since)
        {
            pausedSeconds += (now - since).TotalSeconds;
            pausedSince = null;
        }

        return job with
        {
            FileName = BambuStatusMapper.FileName(report) ?? job.FileName,
            CancelSeen = job.CancelSeen || report.PrintError == BambuPrintReport.CancelledByUserError,
            PausedSince = pausedSince,
            PausedSeconds = pausedSeconds,
        };
    }

    private static PrinterJobReport ToReport(CurrentJob job, PrintJobStatus status, DateTime now)
    {
        var total = Math.Max(0, (now - job.StartedAt).TotalSeconds);
        var paused = job.PausedSeconds + (job.PausedSince is { } since ? (now - since).TotalSeconds : 0);
        return new PrinterJobReport(job.Id, job.FileName, status, job.StartedAt, status == PrintJobStatus.InProgress ? null : now, Math.Max(0, total - paused), total);
    }

    private static string? Identity(BambuPrintReport report, DateTime now)
    {
        if (IsSet(report.TaskId))
        {
            return "task-" + report.TaskId;
        }

        if (IsSet(report.SubtaskId))
        {
            return "subtask-" + report.SubtaskId;
        }

        var file = BambuStatusMapper.FileName(report);
        if (file is null)
        {
            return null;
        }

        return StartTime(report) is { } started
            ? $"{file}@{new DateTimeOffset(started).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}"
            : $"{file}@observed-{now.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";
    }

    private static bool IsSet(string? id) => !string.IsNullOrEmpty(id) && id != "0";

    private static DateTime? StartTime(BambuPrintReport report) =>
        report.StartedUnixSeconds is > 0 and < 32_503_680_000 and { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime : null;

    internal sealed record CurrentJob(string Id, string FileName, DateTime StartedAt, bool CancelSeen, DateTime? PausedSince, double PausedSeconds);
}
