using System.Collections.Immutable;
using System.Text.Json;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.PrusaLink;

/// <summary>Maps PrusaLink's v1 status and job onto the common <see cref="PrinterStatus"/> vocabulary.</summary>
internal static class PrusaLinkStatusMapper
{
    public static PrinterStatus Map(PrusaLinkStatusResponse status, PrusaLinkJob? job, string? firmware)
    {
        var printer = status.Printer!;
        var state = Normalize(printer.State);
        var hasJob = job is not null || status.Job is not null;
        var progress = job?.Progress ?? status.Job?.Progress;
        var remaining = job?.TimeRemaining ?? status.Job?.TimeRemaining;
        var printing = job?.TimePrinting ?? status.Job?.TimePrinting;

        return new PrinterStatus
        {
            Activity = Activity(state, hasJob),
            JobId = (job?.Id ?? status.Job?.Id)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            FileName = FileName(job),
            Progress = progress is { } p && p >= 0 ? Math.Clamp(p / 100.0, 0, 1) : null,
            Remaining = Seconds(remaining),
            Elapsed = Seconds(printing),
            SpeedFactor = printer.Speed is { } speed && speed > 0 ? speed / 100.0 : null,
            FanRpm = printer.FanPrint is { } fan && fan >= 0 ? (int)Math.Round(fan) : null,
            Message = Message(state, printer) ?? Transfer(status.Transfer),
            Heaters = Heaters(printer),
            Firmware = firmware,
        };
    }

    public static string Normalize(string? state) => (state ?? string.Empty).Trim().ToUpperInvariant();

    public static PrinterActivity Activity(string state, bool hasJob) => state switch
    {
        "IDLE" or "READY" or "BUSY" => PrinterActivity.Standby,
        "PRINTING" => PrinterActivity.Printing,
        "PAUSED" => PrinterActivity.Paused,
        "FINISHED" => PrinterActivity.Complete,
        "STOPPED" => PrinterActivity.Cancelled,
        "ERROR" => PrinterActivity.Error,
        // Filament run-out, crash detection prompt…: the print waits for a person, like a pause.
        "ATTENTION" => hasJob ? PrinterActivity.Paused : PrinterActivity.Error,
        _ => PrinterActivity.Unknown,
    };

    /// <summary>How a job stands, from the job's own state (falling back to the printer's).</summary>
    public static PrintJobStatus JobStatus(string state) => state switch
    {
        "FINISHED" => PrintJobStatus.Completed,
        "STOPPED" => PrintJobStatus.Cancelled,
        "ERROR" => PrintJobStatus.Error,
        _ => PrintJobStatus.InProgress,
    };

    public static string? FileName(PrusaLinkJob? job)
    {
        if (job is null)
        {
            return null;
        }

        if (job.File is null)
        {
            return job.SerialPrint == true ? "(printing over serial)" : null;
        }

        return !string.IsNullOrWhiteSpace(job.File.DisplayName) ? job.File.DisplayName : job.File.Name;
    }

    public static string? ThumbnailReference(PrusaLinkJob? job) =>
        job?.File?.Refs is { } refs ? NullIfEmpty(refs.Thumbnail) ?? NullIfEmpty(refs.Icon) : null;

    public static double? MetaNumber(JsonElement? meta, string key)
    {
        if (meta is not { ValueKind: JsonValueKind.Object } m || !m.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    private static string? Message(string state, PrusaLinkPrinterStatus printer)
    {
        if (printer.StatusPrinter is { Ok: false, Message: { Length: > 0 } problem })
        {
            return problem;
        }

        return state switch
        {
            "BUSY" => "Busy (calibrating, in a menu or transferring a file)",
            "ATTENTION" => "Needs attention: check the printer's screen",
            "READY" => "Ready: bed cleared for the next print",
            "ERROR" => "Printer error: check the printer's screen",
            "IDLE" or "PRINTING" or "PAUSED" or "FINISHED" or "STOPPED" => null,
            "" => "The printer did not report its state",
            _ => $"Unknown PrusaLink state '{state}'",
        };
    }

    private static string? Transfer(PrusaLinkTransfer? transfer) =>
        transfer?.Progress is { } percent && percent is >= 0 and <= 100
            ? $"Receiving a file: {percent.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} %"
            : null;

    private static ImmutableArray<HeaterReading> Heaters(PrusaLinkPrinterStatus printer)
    {
        var heaters = ImmutableArray.CreateBuilder<HeaterReading>(2);
        if (printer.TempNozzle is { } nozzle)
        {
            heaters.Add(new HeaterReading("extruder", nozzle, printer.TargetNozzle));
        }

        if (printer.TempBed is { } bed)
        {
            heaters.Add(new HeaterReading("heater_bed", bed, printer.TargetBed));
        }

        return heaters.ToImmutable();
    }

    private static TimeSpan? Seconds(double? value) => value is { } s && s >= 0 && s < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(s) : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
