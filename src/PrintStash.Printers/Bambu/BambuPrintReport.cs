using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Bambu;

/// <summary>The fields of the merged <c>print</c> object the driver uses (wire shapes: ../shared/protocols.md §2.5).</summary>
internal sealed record BambuPrintReport
{
    /// <summary>print_error while a job is being cancelled by the user (0x0300400C).</summary>
    public const long CancelledByUserError = 50348044;

    /// <summary>Bit in <c>fun</c>: the printer only obeys signed MQTT commands (not in LAN-only Developer Mode).</summary>
    public const ulong SignedCommandsRequiredBit = 0x20000000;

    public string? GcodeState { get; init; }

    public int? Percent { get; init; }

    public int? RemainingMinutes { get; init; }

    public int? Layer { get; init; }

    public int? TotalLayers { get; init; }

    public string? GcodeFile { get; init; }

    public string? SubtaskName { get; init; }

    public string? TaskId { get; init; }

    public string? SubtaskId { get; init; }

    public long? StartedUnixSeconds { get; init; }

    public long PrintError { get; init; }

    public int? Stage { get; init; }

    public double? SpeedMagnitude { get; init; }

    public double? PartFanSteps { get; init; }

    public bool SignedCommandsRequired { get; init; }

    public ImmutableArray<Heater> Heaters { get; init; } = [];

    public ImmutableArray<Tray> Trays { get; init; } = [];

    public static BambuPrintReport From(JsonObject print) => new()
    {
        GcodeState = BambuJson.String(print["gcode_state"]),
        Percent = (int?)BambuJson.Integer(print["mc_percent"]),
        RemainingMinutes = (int?)BambuJson.Integer(print["mc_remaining_time"]),
        Layer = (int?)BambuJson.Integer(print["layer_num"]),
        TotalLayers = (int?)BambuJson.Integer(print["total_layer_num"]),
        GcodeFile = BambuJson.String(print["gcode_file"]),
        SubtaskName = BambuJson.String(print["subtask_name"]),
        TaskId = BambuJson.String(print["task_id"]),
        SubtaskId = BambuJson.String(print["subtask_id"]),
        StartedUnixSeconds = BambuJson.Integer(print["gcode_start_time"]),
        PrintError = BambuJson.Integer(print["print_error"]) ?? 0,
        Stage = (int?)BambuJson.Integer(print["stg_cur"]),
        SpeedMagnitude = BambuJson.Number(print["spd_mag"]),
        PartFanSteps = BambuJson.Number(print["cooling_fan_speed"]),
        SignedCommandsRequired = ((BambuJson.Hex(print["fun"]) ?? 0) & SignedCommandsRequiredBit) != 0,
        Heaters = ReadHeaters(print),
        Trays = ReadTrays(print),
    };

    private static ImmutableArray<Heater> ReadHeaters(JsonObject print)
    {
        var heaters = ImmutableArray.CreateBuilder<Heater>();
        // Newer models (H2D…) pack temperatures as (target << 16) | current in the "device" object; prefer those.
        var packedNozzle = BambuJson.Integer(print["device"]?["extruder"]?["info"]?[0]?["temp"]);
        var packedBed = BambuJson.Integer(print["device"]?["bed"]?["info"]?["temp"]);
        var packedChamber = BambuJson.Integer(print["device"]?["ctc"]?["info"]?["temp"]);
        AddHeater(heaters, "extruder", packedNozzle, print["nozzle_temper"], print["nozzle_target_temper"]);
        AddHeater(heaters, "heater_bed", packedBed, print["bed_temper"], print["bed_target_temper"]);
        if (packedChamber is { } chamber)
        {
            heaters.Add(new Heater("chamber", chamber & 0xFFFF, (chamber >> 16) & 0xFFFF));
        }
        else if (BambuJson.Number(print["chamber_temper"]) is { } chamberTemperature)
        {
            heaters.Add(new Heater("chamber", chamberTemperature, null));
        }

        return heaters.ToImmutable();
    }

    private static void AddHeater(ImmutableArray<Heater>.Builder heaters, string name, long? packed, JsonNode? current, JsonNode? target)
    {
        if (packed is { } value)
        {
            heaters.Add(new Heater(name, value & 0xFFFF, (value >> 16) & 0xFFFF));
        }
        else if (BambuJson.Number(current) is { } temperature)
        {
            heaters.Add(new Heater(name, temperature, BambuJson.Number(target)));
        }
    }

    private static ImmutableArray<Tray> ReadTrays(JsonObject print)
    {
        var trays = ImmutableArray.CreateBuilder<Tray>();
        var loaded = BambuJson.Integer(print["ams"]?["tray_now"]);
        if (print["ams"]?["ams"] is JsonArray units)
        {
            foreach (var unit in units.OfType<JsonObject>())
            {
                var unitId = BambuJson.Integer(unit["id"]) ?? 0;
                if (unit["tray"] is not JsonArray unitTrays)
                {
                    continue;
                }

                foreach (var tray in unitTrays.OfType<JsonObject>())
                {
                    var trayId = BambuJson.Integer(tray["id"]) ?? 0;
                    var index = unitId * 4 + trayId;
                    trays.Add(ReadTray(tray, $"AMS {unitId + 1} · {trayId + 1}", index == loaded));
                }
            }
        }

        if (print["vt_tray"] is JsonObject external && !string.IsNullOrEmpty(BambuJson.String(external["tray_type"])))
        {
            trays.Add(ReadTray(external, "External", loaded == 254));
        }

        return trays.ToImmutable();
    }

    private static Tray ReadTray(JsonObject tray, string slot, bool active)
    {
        var material = BambuJson.String(tray["tray_type"]);
        var color = BambuJson.String(tray["tray_color"]);
        var remain = BambuJson.Number(tray["remain"]);
        return new Tray(
            slot,
            string.IsNullOrEmpty(material) ? null : material,
            color is { Length: >= 6 } && color.AsSpan(0, 6).ContainsAnyExcept("0123456789abcdefABCDEF") is false ? "#" + color[..6].ToUpperInvariant() : null,
            remain is >= 0 and <= 100 ? remain / 100 : null,
            active);
    }

    internal sealed record Heater(string Name, double Current, double? Target);

    internal sealed record Tray(string Slot, string? Material, string? Color, double? Remaining, bool Active);
}
