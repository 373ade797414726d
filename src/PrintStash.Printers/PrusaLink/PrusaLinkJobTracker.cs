using System.Globalization;
using System.Text.Json;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.PrusaLink;

/// <summary>
/// Turns successive /api/v1/job answers into job reports: one when a job is first seen, one whenever its outcome
/// changes (finished → Completed, stopped → Cancelled, error → Error). PrusaLink has no history, so the start time
/// is estimated as "now − time printing" when the job is first seen, and kept for the job's life.
/// </summary>
internal sealed class PrusaLinkJobTracker(TimeProvider timeProvider)
{
    private Tracked? current;

    public IReadOnlyList<PrinterJobReport> Observe(PrusaLinkJob? job, PrusaLinkStatusResponse status)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var reports = new List<PrinterJobReport>(2);
        if (job is null)
        {
            // The status still names a job: a momentary disagreement between the two endpoints, look again next time.
            if (status.Job is null && current is { Status: PrintJobStatus.InProgress } vanished)
            {
                reports.Add(Interrupted(vanished, now));
                current = null;
            }

            return reports;
        }

        var state = PrusaLinkStatusMapper.Normalize(job.State ?? status.Printer?.State);
        var outcome = PrusaLinkStatusMapper.JobStatus(state);
        if (current is null || current.Id != job.Id)
        {
            if (current is { Status: PrintJobStatus.InProgress } replaced)
            {
                reports.Add(Interrupted(replaced, now));
            }

            var printed = job.TimePrinting is { } seconds && seconds > 0 ? seconds : 0;
            current = new Tracked(job.Id, now.AddSeconds(-printed), outcome);
            reports.Add(Report(current, job, now));
        }
        else if (current.Status != outcome)
        {
            current = current with { Status = outcome };
            reports.Add(Report(current, job, now));
        }

        current = current with { FileName = PrusaLinkStatusMapper.FileName(job), PrintSeconds = Math.Max(job.TimePrinting ?? current.PrintSeconds, 0) };
        return reports;
    }

    private static PrinterJobReport Report(Tracked tracked, PrusaLinkJob job, DateTime now)
    {
        var ended = tracked.Status == PrintJobStatus.InProgress ? (DateTime?)null : now;
        var meta = job.File?.Meta is { ValueKind: JsonValueKind.Object } m ? m : (JsonElement?)null;
        return new PrinterJobReport(
            tracked.Id.ToString(CultureInfo.InvariantCulture),
            PrusaLinkStatusMapper.FileName(job) ?? "(unknown file)",
            tracked.Status,
            tracked.StartedAt,
            ended,
            PrintSeconds: Math.Max(job.TimePrinting ?? 0, 0),
            TotalSeconds: Math.Max(((ended ?? now) - tracked.StartedAt).TotalSeconds, 0),
            FilamentUsedMm: PrusaLinkStatusMapper.MetaNumber(meta, "filament used [mm]"),
            FilamentUsedGrams: PrusaLinkStatusMapper.MetaNumber(meta, "filament used [g]"),
            FileSize: job.File?.Size,
            MetadataJson: meta?.GetRawText());
    }

    private static PrinterJobReport Interrupted(Tracked tracked, DateTime now) =>
        new(
            tracked.Id.ToString(CultureInfo.InvariantCulture),
            tracked.FileName ?? "(unknown file)",
            PrintJobStatus.Interrupted,
            tracked.StartedAt,
            now,
            PrintSeconds: tracked.PrintSeconds,
            TotalSeconds: Math.Max((now - tracked.StartedAt).TotalSeconds, 0));

    private sealed record Tracked(long Id, DateTime StartedAt, PrintJobStatus Status)
    {
        public string? FileName { get; init; }

        public double PrintSeconds { get; init; }
    }
}
