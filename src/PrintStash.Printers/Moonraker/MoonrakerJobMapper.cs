using System.Text.Json;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Moonraker;

/// <summary>A Moonraker history job (history list, get_job, notify_history_changed) → <see cref="PrinterJobReport"/>.</summary>
internal static class MoonrakerJobMapper
{
    private const int MaxMetadataChars = 64 * 1024;

    public static PrintJobStatus Status(string? status) => status switch
    {
        "in_progress" => PrintJobStatus.InProgress,
        "completed" => PrintJobStatus.Completed,
        "cancelled" => PrintJobStatus.Cancelled,
        "error" => PrintJobStatus.Error,
        "klippy_shutdown" => PrintJobStatus.KlippyShutdown,
        // klippy_disconnect, interrupted, server_exit and anything newer: the job ended without a known outcome.
        _ => PrintJobStatus.Interrupted,
    };

    /// <summary>Null when the entry has no job id, file name or start time (nothing a ledger could key on).</summary>
    public static PrinterJobReport? ToReport(JsonElement job)
    {
        var id = job.String("job_id");
        var fileName = job.String("filename");
        var started = job.UnixTime("start_time");
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(fileName) || started is null)
        {
            return null;
        }

        var status = Status(job.String("status"));
        var ended = status == PrintJobStatus.InProgress ? null : job.UnixTime("end_time");
        if (ended < started)
        {
            // The printer's clock jumped backwards during the job; the durations below are still right.
            ended = started;
        }

        var metadata = job.Property("metadata") is { ValueKind: JsonValueKind.Object } m ? m : (JsonElement?)null;
        var filamentMm = NonNegative(job.Double("filament_used"));
        var raw = metadata?.GetRawText();
        return new PrinterJobReport(
            id.Trim(),
            fileName,
            status,
            started.Value,
            ended,
            NonNegative(job.Double("print_duration")) ?? 0,
            NonNegative(job.Double("total_duration")) ?? 0,
            filamentMm,
            Grams(filamentMm, metadata),
            metadata?.Long("size") is >= 0 and var size ? size : null,
            raw is { Length: <= MaxMetadataChars } ? raw : null);
    }

    /// <summary>Grams used = slicer weight × share of the slicer's length actually extruded.</summary>
    private static double? Grams(double? usedMm, JsonElement? metadata)
    {
        if (usedMm is null || metadata is not { } m || m.Double("filament_weight_total") is not > 0 || m.Double("filament_total") is not > 0)
        {
            return null;
        }

        var share = Math.Min(usedMm.Value / m.Double("filament_total")!.Value, 1.05);
        return Math.Round(m.Double("filament_weight_total")!.Value * share, 2);
    }

    private static double? NonNegative(double? value) => value is { } v ? Math.Max(0, v) : null;
}
