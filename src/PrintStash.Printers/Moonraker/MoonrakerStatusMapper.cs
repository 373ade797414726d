using System.Collections.Immutable;
using System.Text.Json;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Moonraker;

/// <summary>Merged Klipper objects (+ file metadata, current job, Klippy state) → the driver-neutral <see cref="PrinterStatus"/>.</summary>
internal static class MoonrakerStatusMapper
{
    public static PrinterActivity Activity(string? printStatsState) => printStatsState switch
    {
        "standby" => PrinterActivity.Standby,
        "printing" => PrinterActivity.Printing,
        "paused" => PrinterActivity.Paused,
        "complete" => PrinterActivity.Complete,
        "error" => PrinterActivity.Error,
        "cancelled" => PrinterActivity.Cancelled,
        _ => PrinterActivity.Unknown,
    };

    public static PrinterStatus Map(MoonrakerObjectState state, KlippyCondition klippy, MoonrakerFileMetadata? metadata, string? jobId, string? firmware, MoonrakerJobProgress? jobProgress = null)
    {
        var webhooksState = state.String("webhooks", "state");
        if (!klippy.IsReady || (webhooksState is not null && webhooksState != "ready"))
        {
            var condition = klippy.IsReady ? new KlippyCondition(webhooksState!, state.String("webhooks", "state_message")) : klippy;
            return new PrinterStatus
            {
                Activity = condition.IsFault ? PrinterActivity.Error : PrinterActivity.Unknown,
                Message = Clean(condition.Message) ?? condition.Refusal,
                Heaters = Heaters(state),
                Firmware = firmware,
            };
        }

        var activity = state.Has("print_stats") ? Activity(state.String("print_stats", "state")) : PrinterActivity.Standby;
        var fileName = Clean(state.String("print_stats", "filename"));
        var busy = activity is PrinterActivity.Printing or PrinterActivity.Paused;
        var hasJob = activity != PrinterActivity.Standby && activity != PrinterActivity.Unknown;
        // The connection's tracker remembers which source drives the running job; a one-off mapping starts afresh.
        var tracked = (jobProgress ?? new MoonrakerJobProgress()).Next(state, activity, fileName);
        var progress = hasJob ? tracked : null;
        var total = state.Double("print_stats", "total_duration");
        var printing = state.Double("print_stats", "print_duration");
        var (currentLayer, totalLayers) = hasJob ? Layers(state, metadata, activity) : (null, null);

        return new PrinterStatus
        {
            Activity = activity,
            JobId = hasJob ? jobId : null,
            FileName = hasJob || fileName is not null ? fileName : null,
            Progress = progress,
            Elapsed = hasJob && total is >= 0 ? TimeSpan.FromSeconds(total.Value) : null,
            Remaining = busy ? Remaining(progress, printing, total, metadata?.FileName == fileName ? metadata : null) : null,
            CurrentLayer = currentLayer,
            TotalLayers = totalLayers,
            SpeedFactor = state.Double("gcode_move", "speed_factor"),
            FanSpeed = state.Double("fan", "speed") is { } fan ? Math.Clamp(fan, 0, 1) : null,
            Message = activity == PrinterActivity.Error
                ? Clean(state.String("print_stats", "message")) ?? Clean(state.String("display_status", "message"))
                : Clean(state.String("display_status", "message")),
            CurrentObject = busy ? Clean(state.String("exclude_object", "current_object")) : null,
            Heaters = Heaters(state),
            Firmware = firmware,
        };
    }

    private static TimeSpan? Remaining(double? progress, double? printDuration, double? totalDuration, MoonrakerFileMetadata? metadata)
    {
        // print_duration excludes heat-up and pauses; without an extruder it stays 0, so fall back to the wall duration.
        var basis = printDuration is > 0 ? printDuration.Value : totalDuration ?? 0;
        if (metadata?.EstimatedSeconds is { } estimate)
        {
            return TimeSpan.FromSeconds(Math.Max(0, estimate - basis));
        }

        if (progress is >= 0.01 and < 1 && basis > 0)
        {
            return TimeSpan.FromSeconds(basis / progress.Value - basis);
        }

        return null;
    }

    private static (int? Current, int? Total) Layers(MoonrakerObjectState state, MoonrakerFileMetadata? metadata, PrinterActivity activity)
    {
        int? current = null;
        int? total = null;
        if (state.Field("print_stats", "info") is { ValueKind: JsonValueKind.Object } info)
        {
            current = info.Int("current_layer");
            total = info.Int("total_layer");
        }

        if (metadata is { LayerHeight: { } layer })
        {
            var first = metadata.FirstLayerHeight ?? layer;
            total ??= metadata.LayerCount ?? (metadata.ObjectHeight is { } height ? (int)Math.Ceiling(Math.Round((height - first) / layer, 3)) + 1 : null);
            if (current is null && activity != PrinterActivity.Complete && state.Field("gcode_move", "gcode_position") is { ValueKind: JsonValueKind.Array } position
                && position.GetArrayLength() >= 3 && MoonrakerJson.AsDouble(position[2]) is { } z && z > 0)
            {
                current = z <= first + 1e-6 ? 1 : (int)Math.Ceiling(Math.Round((z - first) / layer, 3)) + 1;
            }
        }

        if (activity == PrinterActivity.Complete && total is not null)
        {
            current = total;
        }

        if (current is not null && total is not null && current > total)
        {
            current = total;
        }

        return (current is >= 0 ? current : null, total is > 0 ? total : null);
    }

    private static ImmutableArray<HeaterReading> Heaters(MoonrakerObjectState state)
    {
        var readings = ImmutableArray.CreateBuilder<HeaterReading>();
        var names = state.ObjectNames.ToList();
        void Add(string objectName, string displayName, bool hasTarget)
        {
            if (state.Double(objectName, "temperature") is { } current)
            {
                readings.Add(new HeaterReading(displayName, Math.Round(current, 2), hasTarget ? state.Double(objectName, "target") ?? 0 : null));
            }
        }

        foreach (var name in names.Where(MoonrakerObjects.IsExtruder).Order(StringComparer.Ordinal))
        {
            Add(name, name, hasTarget: true);
        }

        Add("heater_bed", "heater_bed", hasTarget: true);
        foreach (var name in names.Where(n => n.StartsWith("heater_generic ", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            Add(name, name["heater_generic ".Length..], hasTarget: true);
        }

        foreach (var name in names.Where(n => n.StartsWith("temperature_fan ", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            Add(name, name["temperature_fan ".Length..], hasTarget: true);
        }

        foreach (var name in names.Where(n => n.StartsWith("temperature_sensor ", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            Add(name, name["temperature_sensor ".Length..], hasTarget: false);
        }

        return readings.ToImmutable();
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Record equality compares ImmutableArrays by reference; this compares heaters by value.</summary>
    public static bool SameAs(this PrinterStatus a, PrinterStatus? b) =>
        b is not null && a with { Heaters = [], Filaments = [] } == b with { Heaters = [], Filaments = [] }
        && a.Heaters.SequenceEqual(b.Heaters) && a.Filaments.SequenceEqual(b.Filaments);
}
