using System.Globalization;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Bambu;

/// <summary>Maps the merged report onto the common <see cref="PrinterStatus"/> (protocols.md §2.5 "Deriving a normalized job state").</summary>
internal static class BambuStatusMapper
{
    public static PrinterStatus Map(BambuPrintReport report, BambuJobTracker.CurrentJob? job, string? firmware, DateTime now)
    {
        var activity = Activity(report.GcodeState, job?.CancelSeen ?? false);
        var active = activity is PrinterActivity.Printing or PrinterActivity.Paused;
        return new PrinterStatus
        {
            Activity = activity,
            JobId = job?.Id,
            FileName = FileName(report),
            Progress = report.Percent is { } percent ? Math.Clamp(percent, 0, 100) / 100.0 : null,
            Remaining = active && report.RemainingMinutes is >= 0 and { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            Elapsed = active && job is not null ? now - job.StartedAt : null,
            CurrentLayer = report.Layer,
            TotalLayers = report.TotalLayers,
            SpeedFactor = report.SpeedMagnitude is > 0 and { } magnitude ? magnitude / 100 : null,
            FanSpeed = report.PartFanSteps is >= 0 and { } steps ? Math.Min(steps, 15) / 15 : null,
            Message = Message(report),
            Heaters = [.. report.Heaters.Select(h => new HeaterReading(h.Name, h.Current, h.Target))],
            Filaments = [.. report.Trays.Select(t => new FilamentSlot(t.Slot, t.Material, t.Color, t.Remaining, t.Active))],
            Firmware = firmware,
        };
    }

    public static PrinterActivity Activity(string? gcodeState, bool cancelSeen) => gcodeState?.ToUpperInvariant() switch
    {
        "IDLE" => PrinterActivity.Standby,
        "PREPARE" or "SLICING" or "INIT" or "RUNNING" => PrinterActivity.Printing,
        "PAUSE" => PrinterActivity.Paused,
        "FINISH" => PrinterActivity.Complete,
        "FAILED" => cancelSeen ? PrinterActivity.Cancelled : PrinterActivity.Error,
        _ => PrinterActivity.Unknown,
    };

    public static string? FileName(BambuPrintReport report)
    {
        // X1 cloud prints report /data/Metadata/plate_1.gcode (a RAM path): the project name says more.
        if (!string.IsNullOrEmpty(report.GcodeFile) && !report.GcodeFile.StartsWith("/data/", StringComparison.Ordinal))
        {
            var name = report.GcodeFile;
            var slash = name.LastIndexOf('/');
            return slash >= 0 ? name[(slash + 1)..] : name;
        }

        return string.IsNullOrEmpty(report.SubtaskName) ? null : report.SubtaskName;
    }

    private static string? Message(BambuPrintReport report)
    {
        if (report.PrintError == BambuPrintReport.CancelledByUserError)
        {
            return "Cancelled by the user";
        }

        if (report.PrintError != 0)
        {
            var code = (uint)report.PrintError;
            return string.Create(CultureInfo.InvariantCulture, $"Printer error {code >> 16:X4}_{code & 0xFFFF:X4} (see the Bambu Lab wiki)");
        }

        return report.Stage is { } stage && StageNames.TryGetValue(stage, out var text) && !string.Equals(report.GcodeState, "IDLE", StringComparison.OrdinalIgnoreCase)
            ? text
            : null;
    }

    private static readonly Dictionary<int, string> StageNames = new()
    {
        [1] = "Auto bed leveling",
        [2] = "Heatbed preheating",
        [3] = "Vibration compensation",
        [4] = "Changing filament",
        [5] = "Paused (M400)",
        [6] = "Paused: filament ran out",
        [7] = "Heating hotend",
        [8] = "Calibrating extrusion",
        [9] = "Scanning bed surface",
        [10] = "Inspecting first layer",
        [11] = "Identifying build plate",
        [12] = "Calibrating micro lidar",
        [13] = "Homing",
        [14] = "Cleaning nozzle tip",
        [15] = "Checking extruder temperature",
        [16] = "Paused by the user",
        [17] = "Paused: front cover falling",
        [18] = "Calibrating lidar",
        [19] = "Calibrating extrusion flow",
        [20] = "Paused: nozzle temperature malfunction",
        [21] = "Paused: bed temperature malfunction",
        [22] = "Unloading filament",
        [23] = "Paused: skipped step",
        [24] = "Loading filament",
        [25] = "Motor noise calibration",
        [26] = "Paused: AMS lost",
        [27] = "Paused: heatbreak fan speed low",
        [28] = "Paused: chamber temperature error",
        [29] = "Cooling chamber",
        [30] = "Paused by G-code",
        [31] = "Motor noise showoff",
        [32] = "Paused: nozzle covered with filament",
        [33] = "Paused: cutter error",
        [34] = "Paused: first layer error",
        [35] = "Paused: nozzle clog",
    };
}
