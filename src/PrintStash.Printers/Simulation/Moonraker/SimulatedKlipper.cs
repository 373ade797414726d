using System.Text.Json.Nodes;

namespace PrintStash.Printers.Simulation.Moonraker;

/// <summary>
/// The printer behind the simulated Moonraker: Klippy state, heaters that converge to their targets, a print that
/// heats up, then advances through its layers, files and job history. Not thread-safe; the simulator holds a lock.
/// Everything it wants broadcast (notifications) is queued in <see cref="Outbox"/>.
/// </summary>
internal sealed class SimulatedKlipper(MoonrakerSimulatorOptions options, Func<double> unixNow)
{
    private const double Ambient = 22.0;
    private const double M73Timeout = 5.0;
    private readonly Random noise = new(options.Seed);
    private readonly Dictionary<string, SimulatedFile> files = new(StringComparer.Ordinal);
    private readonly List<SimulatedJob> history = [];
    private int nextJobId = 1;

    private double extruderTemp = Ambient + 1.3, extruderTarget, bedTemp = Ambient + 0.6, bedTarget, fanSpeed;
    private string printState = "standby";
    private string fileName = string.Empty;
    private string? message;
    private double totalDuration, printDuration, progress;
    private bool isPaused;
    private double pausedAt;

    /// <summary>The last <c>M73 P</c> of a file that emits them, until it expires (Klipper's display_status); else null.</summary>
    private double? slicerProgress;
    private SimulatedFile? current;
    private SimulatedJob? job;

    public List<JsonObject> Outbox { get; } = [];

    /// <summary>ready, startup, shutdown, error, disconnected.</summary>
    public string KlippyState { get; private set; } = "ready";

    public string StateMessage { get; private set; } = "Printer is ready";

    public double EventTime { get; private set; } = 1000.0;

    public double SpeedFactor { get; set; } = 1.0;

    public string PrintState => printState;

    public double Progress => progress;

    public IReadOnlyList<SimulatedJob> History => history;

    public IEnumerable<SimulatedFile> Files => files.Values;

    public bool IsReady => KlippyState == "ready";

    public bool IsBusy => printState is "printing" or "paused";

    public SimulatedFile? File(string path) => files.GetValueOrDefault(path.Trim('/'));

    public SimulatedFile AddFile(string path, byte[] content)
    {
        path = path.Trim('/');
        var existed = files.ContainsKey(path);
        var file = SimulatedFile.Parse(path, content, unixNow());
        files[path] = file;
        Notify("notify_filelist_changed", new JsonObject
        {
            ["action"] = existed ? "modify_file" : "create_file",
            ["item"] = new JsonObject { ["path"] = path, ["root"] = "gcodes", ["modified"] = file.Modified, ["size"] = content.Length, ["permissions"] = "rw" },
        });
        return file;
    }

    /// <summary>Advances the simulation by <paramref name="realSeconds"/> (scaled by <see cref="MoonrakerSimulatorOptions.TimeScale"/>).</summary>
    public void Advance(double realSeconds)
    {
        EventTime += realSeconds;
        var dt = realSeconds * options.TimeScale;
        extruderTemp = Converge(extruderTemp, extruderTarget, dt, extruderTarget > extruderTemp ? 4.0 : 25.0);
        bedTemp = Converge(bedTemp, bedTarget, dt, bedTarget > bedTemp ? 9.0 : 60.0);
        if (!IsReady || current is null || job is null)
        {
            return;
        }

        if (printState == "paused")
        {
            totalDuration += dt;
            if (EventTime - pausedAt > M73Timeout)
            {
                // Klipper forgets an M73 value 5 s after it while not printing; display_status shows the file position.
                slicerProgress = null;
            }

            return;
        }

        if (printState != "printing")
        {
            return;
        }

        totalDuration += dt;
        var heated = extruderTemp >= extruderTarget - 3 && bedTemp >= bedTarget - 2;
        if (heated)
        {
            printDuration += dt * SpeedFactor;
            fanSpeed = printDuration > 20 ? 1.0 : 0.0;
        }

        progress = Math.Min(1.0, printDuration / current.PrintSeconds);
        slicerProgress = current.EmitsProgress ? progress : null;
        if (progress >= 1.0)
        {
            // A late tick overshoots; the print really ended when the last line ran.
            var overshoot = (printDuration - current.PrintSeconds) / SpeedFactor;
            printDuration = current.PrintSeconds;
            totalDuration -= Math.Max(0, overshoot);
            Finish("complete", "completed");
        }
    }

    private double Converge(double temperature, double target, double dt, double tau)
    {
        var goal = target > 0 ? target : Ambient;
        var next = temperature + ((goal - temperature) * (1 - Math.Exp(-dt / tau)));
        return Math.Round(next + ((noise.NextDouble() - 0.5) * 0.1), 2);
    }

    public void StartPrint(string path, string user = "_TRUSTED_USER_")
    {
        RequireReady();
        if (IsBusy)
        {
            throw new SimulatorException(400, "SD busy");
        }

        var file = File(path) ?? throw new SimulatorException(400, $"Unable to open file \"{path}\"");
        current = file;
        fileName = file.Path;
        printState = "printing";
        isPaused = false;
        message = null;
        totalDuration = printDuration = progress = 0;
        // A slicer's M73 P0 comes before the heat-up commands.
        slicerProgress = file.EmitsProgress ? 0 : null;
        fanSpeed = 0;
        extruderTarget = 215;
        bedTarget = 60;
        job = new SimulatedJob
        {
            JobId = nextJobId++.ToString("X6", System.Globalization.CultureInfo.InvariantCulture),
            FileName = file.Path,
            Metadata = file.Metadata(forHistory: true, null, null),
            StartTime = unixNow(),
            User = user,
        };
        history.Add(job);
        Notify("notify_gcode_response", $"File opened:{file.Path} Size:{file.Content.Length}");
        Notify("notify_gcode_response", "File selected");
        Notify("notify_history_changed", new JsonObject { ["action"] = "added", ["job"] = JobJson(job) });
    }

    public void Pause()
    {
        RequireReady();
        if (printState == "paused")
        {
            throw new SimulatorException(400, "Print already paused");
        }

        if (printState != "printing")
        {
            throw new SimulatorException(400, "No print in progress to pause");
        }

        printState = "paused";
        isPaused = true;
        pausedAt = EventTime;
    }

    public void Resume()
    {
        RequireReady();
        if (printState != "paused")
        {
            throw new SimulatorException(400, "Print is not paused, resume aborted");
        }

        printState = "printing";
        isPaused = false;
    }

    public void Cancel()
    {
        RequireReady();
        if (IsBusy)
        {
            Finish("cancelled", "cancelled");
        }
    }

    /// <summary>Klipper goes away (restart): a running job ends as klippy_disconnect and print_stats resets.</summary>
    public void Disconnect()
    {
        if (IsBusy)
        {
            Finish("standby", "klippy_disconnect");
        }

        KlippyState = "disconnected";
        StateMessage = "Klippy Disconnected";
        extruderTarget = bedTarget = 0;
        Notify("notify_gcode_response", "// Klipper state: Disconnect");
        Notify("notify_klippy_disconnected", null);
    }

    public void Ready()
    {
        KlippyState = "ready";
        StateMessage = "Printer is ready";
        printState = "standby";
        fileName = string.Empty;
        current = null;
        totalDuration = printDuration = progress = 0;
        Notify("notify_klippy_ready", null);
    }

    public void Shutdown(string reason)
    {
        if (IsBusy)
        {
            Finish("error", "klippy_shutdown");
            message = reason;
        }

        extruderTarget = bedTarget = 0;
        KlippyState = "shutdown";
        StateMessage = reason;
        Notify("notify_klippy_shutdown", null);
    }

    private void Finish(string state, string jobStatus)
    {
        printState = state;
        isPaused = false;
        slicerProgress = null;
        extruderTarget = bedTarget = 0;
        fanSpeed = 0;
        if (job is not null)
        {
            job.Status = jobStatus;
            job.EndTime = unixNow();
            job.PrintDuration = printDuration;
            job.TotalDuration = totalDuration;
            job.FilamentUsed = FilamentUsed;
            Notify("notify_history_changed", new JsonObject { ["action"] = "finished", ["job"] = JobJson(job) });
            job = null;
        }
    }

    private double FilamentUsed => Math.Round((current?.FilamentTotal ?? 0) * progress, 4);

    private void RequireReady()
    {
        if (!IsReady)
        {
            throw new SimulatorException(503, KlippyState == "shutdown" ? "Klippy Host not connected" : "Klippy Disconnected");
        }
    }

    public JsonObject JobJson(SimulatedJob entry) => entry.ToJson(files.ContainsKey(entry.FileName));

    public SimulatedJob? LastJobFor(string path) => history.LastOrDefault(j => j.FileName == path);

    /// <summary>The Klipper objects this printer has, as printer.objects.list reports them.</summary>
    public static readonly string[] ObjectNames =
    [
        "gcode", "webhooks", "configfile", "mcu", "gcode_move", "print_stats", "virtual_sdcard", "pause_resume", "display_status",
        "exclude_object", "heaters", "temperature_host host", "temperature_sensor host", "heater_bed", "extruder", "fan",
        "toolhead", "idle_timeout", "system_stats", "manual_probe",
    ];

    /// <summary>The full current value of one object (null when Klipper has no such object).</summary>
    public JsonObject? Object(string name)
    {
        var layers = current?.LayerCount;
        int? currentLayer = layers is { } total && printState != "standby" ? Math.Clamp((int)Math.Ceiling(progress * total), 1, total) : null;
        var z = currentLayer is { } l ? Math.Round(l * (current?.LayerHeight ?? 0.2), 2) : 0.0;
        var x = Math.Round(90 + (20 * ((EventTime * 1.7) % 1)), 1);
        var y = Math.Round(90 + (20 * ((EventTime * 0.9) % 1)), 1);
        var position = printState == "printing" ? new JsonArray(x, y, z, 0.0) : new JsonArray(0.0, 0.0, z, 0.0);
        var active = printState == "printing";
        var hasFile = current is not null && printState != "standby";
        var filePosition = hasFile ? current!.GcodeStartByte + (long)((current.GcodeEndByte - current.GcodeStartByte) * progress) : 0;
        var sdcardProgress = Math.Round(current is null ? 0 : (double)filePosition / current.Content.Length, 6);
        return name switch
        {
            "webhooks" => new JsonObject { ["state"] = KlippyState, ["state_message"] = StateMessage },
            "print_stats" => new JsonObject
            {
                ["filename"] = fileName,
                ["total_duration"] = totalDuration,
                ["print_duration"] = printDuration,
                ["filament_used"] = FilamentUsed,
                ["state"] = printState,
                ["message"] = message ?? string.Empty,
                ["info"] = new JsonObject { ["total_layer"] = hasFile ? layers : null, ["current_layer"] = currentLayer },
            },
            "virtual_sdcard" => new JsonObject
            {
                ["file_path"] = hasFile && IsBusy ? "/home/pi/printer_data/gcodes/" + fileName : null,
                ["progress"] = sdcardProgress,
                ["is_active"] = active,
                ["file_position"] = filePosition,
                ["file_size"] = hasFile ? current!.Content.Length : 0,
            },
            "display_status" => new JsonObject
            {
                // Klipper reports virtual_sdcard's progress itself when no M73 value is in force.
                ["progress"] = slicerProgress is { } slicer ? Math.Round(slicer, 6) : sdcardProgress,
                ["message"] = currentLayer is { } cl && IsBusy ? $"Layer {cl}/{layers}" : null,
            },
            "idle_timeout" => new JsonObject
            {
                ["state"] = active ? "Printing" : IsBusy ? "Ready" : "Idle",
                ["printing_time"] = IsBusy ? totalDuration : 0.0,
                ["idle_timeout"] = 600.0,
            },
            "pause_resume" => new JsonObject { ["is_paused"] = isPaused },
            "toolhead" => new JsonObject
            {
                ["position"] = position,
                ["homed_axes"] = IsBusy ? "xyz" : string.Empty,
                ["print_time"] = Math.Round(totalDuration, 3),
                ["estimated_print_time"] = Math.Round(EventTime - 900, 6),
                ["extruder"] = "extruder",
                ["max_velocity"] = 300.0,
                ["max_accel"] = 3000.0,
                ["axis_minimum"] = new JsonArray(0.0, 0.0, 0.0, 0.0),
                ["axis_maximum"] = new JsonArray(250.0, 250.0, 250.0, 0.0),
            },
            "gcode_move" => new JsonObject
            {
                ["gcode_position"] = position.DeepClone(),
                ["position"] = position.DeepClone(),
                ["speed_factor"] = SpeedFactor,
                ["extrude_factor"] = 1.0,
                ["speed"] = 50.0,
                ["absolute_coordinates"] = true,
                ["absolute_extrude"] = true,
                ["homing_origin"] = new JsonArray(0.0, 0.0, 0.0, 0.0),
            },
            "exclude_object" => new JsonObject
            {
                ["objects"] = hasFile
                    ? new JsonArray(
                        new JsonObject { ["name"] = "PART_1", ["center"] = new JsonArray(100, 100), ["polygon"] = new JsonArray(new JsonArray(90, 90), new JsonArray(110, 90), new JsonArray(110, 110), new JsonArray(90, 110)) },
                        new JsonObject { ["name"] = "PART_2", ["center"] = new JsonArray(140, 100), ["polygon"] = new JsonArray(new JsonArray(130, 90), new JsonArray(150, 90), new JsonArray(150, 110), new JsonArray(130, 110)) })
                    : new JsonArray(),
                ["excluded_objects"] = new JsonArray(),
                ["current_object"] = active ? ((int)(EventTime / 2) % 2 == 0 ? "PART_1" : "PART_2") : null,
            },
            "extruder" => new JsonObject
            {
                ["temperature"] = extruderTemp,
                ["target"] = extruderTarget,
                ["power"] = extruderTarget > 0 ? Math.Round(Math.Clamp((extruderTarget - extruderTemp) / 30, 0.15, 1), 3) : 0.0,
                ["can_extrude"] = extruderTemp >= 170,
                ["pressure_advance"] = 0.04,
                ["smooth_time"] = 0.04,
            },
            "heater_bed" => new JsonObject
            {
                ["temperature"] = bedTemp,
                ["target"] = bedTarget,
                ["power"] = bedTarget > 0 ? Math.Round(Math.Clamp((bedTarget - bedTemp) / 15, 0.2, 1), 3) : 0.0,
            },
            "fan" => new JsonObject { ["speed"] = fanSpeed, ["rpm"] = null },
            "temperature_sensor host" => new JsonObject { ["temperature"] = 42.0, ["measured_min_temp"] = 41.0, ["measured_max_temp"] = 44.0 },
            _ => ObjectNames.Contains(name) ? new JsonObject() : null,
        };
    }

    private void Notify(string method, JsonNode? parameter)
    {
        var notification = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameter is not null)
        {
            notification["params"] = new JsonArray(parameter);
        }

        Outbox.Add(notification);
    }
}
