using System.Globalization;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Simulation.Bambu;

/// <summary>The simulated printer: a small state machine advanced by the clock, rendered as a push_status object.</summary>
internal sealed class BambuSimulatedState(BambuSimulatorOptions options)
{
    private const long CancelledByUser = 50348044;
    private DateTimeOffset phaseStartedAt;
    private DateTimeOffset endedAt;
    private TimeSpan printedBeforePause;
    private bool clearErrorOnNextTick;

    public string GcodeState { get; private set; } = "IDLE";

    public string GcodeFile { get; private set; } = "";

    public string SubtaskName { get; private set; } = "";

    public long StartUnixSeconds { get; private set; }

    public int Percent { get; private set; }

    public long PrintError { get; private set; }

    public double Nozzle { get; private set; } = 24.5;

    public double Bed { get; private set; } = 23.8;

    public double NozzleTarget { get; private set; }

    public double BedTarget { get; private set; }

    public int Stage { get; private set; } = 255;

    public (bool Ok, string Reason) Start(string fileName, DateTimeOffset now)
    {
        if (GcodeState is "PREPARE" or "RUNNING" or "PAUSE")
        {
            return (false, "printer is busy");
        }

        if (options.FileExists is { } exists && !exists(fileName))
        {
            return (false, $"file not found: {fileName}");
        }

        GcodeFile = fileName;
        SubtaskName = BambuNames.Subtask(fileName);
        StartUnixSeconds = now.ToUnixTimeSeconds();
        GcodeState = "PREPARE";
        Percent = 0;
        PrintError = 0;
        Stage = 2;
        NozzleTarget = 220;
        BedTarget = 55;
        printedBeforePause = TimeSpan.Zero;
        phaseStartedAt = now;
        return (true, "");
    }

    public (bool Ok, string Reason) Pause(DateTimeOffset now)
    {
        if (GcodeState != "RUNNING")
        {
            return (false, "not printing");
        }

        printedBeforePause += now - phaseStartedAt;
        GcodeState = "PAUSE";
        Stage = 16;
        return (true, "");
    }

    public (bool Ok, string Reason) Resume(DateTimeOffset now)
    {
        if (GcodeState != "PAUSE")
        {
            return (false, "not paused");
        }

        GcodeState = "RUNNING";
        Stage = 0;
        phaseStartedAt = now;
        return (true, "");
    }

    public (bool Ok, string Reason) Stop(DateTimeOffset now)
    {
        if (GcodeState is not ("PREPARE" or "RUNNING" or "PAUSE"))
        {
            return (false, "not printing");
        }

        GcodeState = "FAILED";
        endedAt = now;
        PrintError = CancelledByUser;
        clearErrorOnNextTick = true;
        Stage = 255;
        NozzleTarget = 0;
        BedTarget = 0;
        return (true, "");
    }

    public void Advance(DateTimeOffset now)
    {
        if (clearErrorOnNextTick)
        {
            // Real printers show the cancel code briefly, then 0.
            clearErrorOnNextTick = false;
        }
        else if (PrintError == CancelledByUser)
        {
            PrintError = 0;
        }

        if (GcodeState == "PREPARE" && now - phaseStartedAt >= options.PrepareDuration)
        {
            GcodeState = "RUNNING";
            Stage = 0;
            phaseStartedAt = now;
        }

        if (GcodeState == "RUNNING")
        {
            var printed = printedBeforePause + (now - phaseStartedAt);
            Percent = (int)Math.Clamp(printed / options.PrintDuration * 100, 0, 100);
            if (printed >= options.PrintDuration)
            {
                GcodeState = "FINISH";
                endedAt = now;
                Percent = 100;
                Stage = 255;
                NozzleTarget = 0;
                BedTarget = 0;
            }
        }

        if (options.RestartAfter is { } restart && GcodeState is "FINISH" or "FAILED" && GcodeFile.Length > 0 && now - endedAt >= restart)
        {
            Start(GcodeFile, now);
        }

        Nozzle = Approach(Nozzle, NozzleTarget > 0 ? NozzleTarget : 24.5);
        Bed = Approach(Bed, BedTarget > 0 ? BedTarget : 23.8);
    }

    public JsonObject Render(BambuSimulatorOptions simulator)
    {
        var printing = GcodeState is "PREPARE" or "RUNNING" or "PAUSE";
        var remaining = printing ? (int)Math.Ceiling(simulator.PrintDuration.TotalMinutes * (100 - Percent) / 100) : 0;
        return new JsonObject
        {
            ["command"] = "push_status",
            ["gcode_state"] = GcodeState,
            ["mc_percent"] = Percent,
            ["mc_remaining_time"] = remaining,
            ["mc_print_stage"] = printing ? "2" : "1",
            ["stg_cur"] = Stage,
            ["layer_num"] = printing || GcodeState == "FINISH" ? Math.Max(1, simulator.TotalLayers * Percent / 100) : 0,
            ["total_layer_num"] = GcodeFile.Length > 0 ? simulator.TotalLayers : 0,
            ["gcode_file"] = GcodeFile,
            ["subtask_name"] = SubtaskName,
            ["subtask_id"] = "0",
            ["task_id"] = "0",
            ["project_id"] = "0",
            ["profile_id"] = "0",
            ["print_type"] = GcodeFile.Length > 0 ? "local" : "idle",
            ["gcode_start_time"] = StartUnixSeconds.ToString(CultureInfo.InvariantCulture),
            ["gcode_file_prepare_percent"] = "100",
            ["nozzle_temper"] = Math.Round(Nozzle, 1),
            ["nozzle_target_temper"] = NozzleTarget,
            ["bed_temper"] = Math.Round(Bed, 1),
            ["bed_target_temper"] = BedTarget,
            ["chamber_temper"] = 28,
            ["nozzle_diameter"] = "0.4",
            ["cooling_fan_speed"] = GcodeState == "RUNNING" ? "15" : "0",
            ["heatbreak_fan_speed"] = Nozzle > 50 ? "15" : "0",
            ["spd_lvl"] = 2,
            ["spd_mag"] = 100,
            ["print_error"] = PrintError,
            ["hms"] = new JsonArray(),
            ["wifi_signal"] = "-51dBm",
            ["home_flag"] = 256,
            ["fun"] = simulator.RequireSignedCommands ? "3EC1AFFF9CFF" : "3EC18FFF9CFF",
            ["ams"] = new JsonObject
            {
                ["ams"] = new JsonArray(new JsonObject
                {
                    ["id"] = "0",
                    ["humidity"] = "4",
                    ["temp"] = "27.1",
                    ["tray"] = new JsonArray(
                        Tray("0", "PLA", "PLA Basic", "0A2989FF", printing ? 82 - Percent / 10 : 82),
                        Tray("1", "PETG", "PETG HF", "000000FF", 40),
                        new JsonObject { ["id"] = "2" },
                        new JsonObject { ["id"] = "3" }),
                }),
                ["ams_exist_bits"] = "1",
                ["tray_exist_bits"] = "3",
                ["tray_now"] = printing ? "0" : "255",
                ["version"] = 4,
            },
            ["vt_tray"] = new JsonObject { ["id"] = "254", ["tray_type"] = "", ["tray_color"] = "00000000", ["remain"] = 0 },
        };
    }

    private static JsonObject Tray(string id, string type, string brand, string color, int remain) => new()
    {
        ["id"] = id,
        ["tray_type"] = type,
        ["tray_sub_brands"] = brand,
        ["tray_color"] = color,
        ["tray_weight"] = "1000",
        ["remain"] = remain,
        ["cols"] = new JsonArray(color),
    };

    private static double Approach(double current, double target) => current + (target - current) * 0.3;
}

internal static class BambuNames
{
    public static string Subtask(string fileName)
    {
        var name = fileName[(fileName.LastIndexOf('/') + 1)..];
        foreach (var suffix in new[] { ".gcode.3mf", ".3mf", ".gcode" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }
}
