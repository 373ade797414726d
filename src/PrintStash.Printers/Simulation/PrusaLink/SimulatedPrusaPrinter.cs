using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PrintStash.Printers.Simulation.PrusaLink;

/// <summary>A file on the simulated USB stick (path inside the storage, e.g. "farm/bracket.bgcode").</summary>
public sealed record SimulatedPrusaFile(string Path, long Size, DateTimeOffset ModifiedAt, string? Sha256);

/// <summary>
/// The printer behind the simulated API: one job at a time that progresses with the clock, temperatures that approach
/// their targets, files on a USB stick. States follow PrusaLink: IDLE, BUSY, PRINTING, PAUSED, FINISHED, STOPPED,
/// ERROR, ATTENTION (FINISHED/STOPPED persist until acknowledged or the next job). Thread-safe; time from the options.
/// </summary>
internal sealed partial class SimulatedPrusaPrinter
{
    private const double Ambient = 24;
    private readonly Lock gate = new();
    private readonly PrusaLinkSimulatorOptions options;
    private readonly SortedDictionary<string, SimulatedPrusaFile> files = new(StringComparer.OrdinalIgnoreCase);
    private long nextJobId;
    private Job? job;
    private string? overrideState;
    private Heater nozzle;
    private Heater bed;
    private Transfer? transfer;

    public SimulatedPrusaPrinter(PrusaLinkSimulatorOptions options)
    {
        this.options = options;
        nextJobId = options.FirstJobId;
        var now = Now;
        nozzle = new Heater(Ambient, 0, now);
        bed = new Heater(Ambient, 0, now);
        if (options.SeedFiles)
        {
            foreach (var name in new[] { "bracket_0.2mm_PLA_MK4_1h32m.bgcode", "benchy_0.15mm_PETG_MK4_52m.bgcode", "farm/clip_0.2mm_PLA_MK4_18m.bgcode" })
            {
                files[name] = new SimulatedPrusaFile(name, 1_843_221 + (name.Length * 7919), now.AddDays(-2), null);
            }
        }
    }

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    public string State
    {
        get
        {
            lock (gate)
            {
                Advance();
                return StateLocked();
            }
        }
    }

    public long? CurrentJobId
    {
        get
        {
            lock (gate)
            {
                return job?.Id;
            }
        }
    }

    public IReadOnlyList<SimulatedPrusaFile> Files
    {
        get
        {
            lock (gate)
            {
                return [.. files.Values];
            }
        }
    }

    public void SetOverrideState(string? state)
    {
        lock (gate)
        {
            Advance();
            if (job is { State: "PRINTING" } running && state is "ATTENTION" or "ERROR")
            {
                running.Freeze(Now);
            }

            if (state is null && overrideState is "ATTENTION" && job is { State: "PRINTING" } waiting)
            {
                waiting.Resume(Now);
            }

            if (state is "ERROR" && job is { State: "PRINTING" or "PAUSED" } failed)
            {
                failed.End("ERROR", Now);
                SetTargets(0, 0);
            }

            overrideState = state;
        }
    }

    public void AddFile(string path, long size)
    {
        lock (gate)
        {
            files[path.Trim('/')] = new SimulatedPrusaFile(path.Trim('/'), size, Now, null);
        }
    }

    /// <summary>Power cycle: whatever was printing is lost, the printer comes back IDLE and cold.</summary>
    public void PowerCycle()
    {
        lock (gate)
        {
            job = null;
            overrideState = null;
            transfer = null;
            var now = Now;
            nozzle = new Heater(Ambient, 0, now);
            bed = new Heater(Ambient, 0, now);
        }
    }

    /// <summary>FINISHED/STOPPED → IDLE, as when the user confirms on the printer's screen.</summary>
    public void Acknowledge()
    {
        lock (gate)
        {
            Advance();
            if (job is { State: "FINISHED" or "STOPPED" or "ERROR" })
            {
                job = null;
            }

            if (overrideState is "ERROR")
            {
                overrideState = null;
            }
        }
    }

    public (int Status, string? Error) StartPrint(string path)
    {
        lock (gate)
        {
            Advance();
            if (!files.TryGetValue(path.Trim('/'), out var file))
            {
                return (404, "File not found");
            }

            if (IsBusy())
            {
                return (409, "Printer is busy");
            }

            job = new Job(nextJobId++, file, DurationOf(file.Path), Now);
            SetTargets(215, 60);
            return (204, null);
        }
    }

    public (int Status, string? Error) Control(long id, string action)
    {
        lock (gate)
        {
            Advance();
            if (job is null || job.Id != id)
            {
                return (404, "Job not found");
            }

            switch (action)
            {
                case "pause" when job.State == "PRINTING" && overrideState is null:
                    job.Freeze(Now);
                    job.State = "PAUSED";
                    nozzle = nozzle.Retarget(170, Now);
                    return (204, null);
                case "resume" when job.State == "PAUSED":
                    job.Resume(Now);
                    job.State = "PRINTING";
                    nozzle = nozzle.Retarget(215, Now);
                    return (204, null);
                case "stop" when job.State is "PRINTING" or "PAUSED":
                    job.End("STOPPED", Now);
                    SetTargets(0, 0);
                    return (204, null);
                default:
                    return (409, $"Cannot {action} a job that is {job.State.ToLowerInvariant()}");
            }
        }
    }

    public bool IsBusyNow()
    {
        lock (gate)
        {
            Advance();
            return IsBusy();
        }
    }

    public SimulatedPrusaFile? FindFile(string path)
    {
        lock (gate)
        {
            return files.GetValueOrDefault(path.Trim('/'));
        }
    }

    public bool IsPrinting(string path)
    {
        lock (gate)
        {
            Advance();
            return job is { State: "PRINTING" or "PAUSED" } current && string.Equals(current.File.Path, path.Trim('/'), StringComparison.OrdinalIgnoreCase);
        }
    }

    public bool DeleteFile(string path)
    {
        lock (gate)
        {
            return files.Remove(path.Trim('/'));
        }
    }

    public void BeginTransfer(string path, long size)
    {
        lock (gate)
        {
            transfer = new Transfer(Random.Shared.NextInt64(10_000, 99_999), path, size, Now);
        }
    }

    public void TransferProgress(long bytes)
    {
        lock (gate)
        {
            transfer?.Transferred = bytes;
        }
    }

    /// <summary>Ends the transfer; stores the file when it arrived whole, and starts it when asked (409 when busy by then).</summary>
    public (int Status, string? Error) EndTransfer(SimulatedPrusaFile? file, bool printAfterUpload)
    {
        lock (gate)
        {
            transfer = null;
            if (file is null)
            {
                return (400, "Upload incomplete");
            }

            files[file.Path] = file;
            if (!printAfterUpload)
            {
                return (201, null);
            }

            Advance();
            if (IsBusy())
            {
                return (409, "Printer is busy");
            }

            job = new Job(nextJobId++, file, DurationOf(file.Path), Now);
            SetTargets(215, 60);
            return (201, null);
        }
    }

    public JsonObject StatusJson()
    {
        lock (gate)
        {
            Advance();
            var now = Now;
            var state = StateLocked();
            var printer = new JsonObject
            {
                ["state"] = state,
                ["temp_nozzle"] = Math.Round(nozzle.At(now), 1),
                ["target_nozzle"] = nozzle.Target,
                ["temp_bed"] = Math.Round(bed.At(now), 1),
                ["target_bed"] = bed.Target,
                ["axis_z"] = job is null ? 12.0 : Math.Round(0.2 + (job.Fraction(now) * 40), 2),
                ["flow"] = 100,
                ["speed"] = 100,
                ["fan_hotend"] = nozzle.Target > 0 ? 5890 : 0,
                ["fan_print"] = state == "PRINTING" ? 4300 : 0,
                ["status_printer"] = new JsonObject { ["ok"] = state != "ERROR", ["message"] = state == "ERROR" ? "Thermal runaway" : "OK" },
                ["status_connect"] = new JsonObject { ["ok"] = false, ["message"] = "Not registered" },
            };
            if (job is null)
            {
                printer["axis_x"] = 125.0;
                printer["axis_y"] = 105.0;
            }

            var status = new JsonObject
            {
                ["storage"] = new JsonObject { ["path"] = "/usb/", ["name"] = "usb", ["read_only"] = false },
                ["printer"] = printer,
            };
            if (job is not null)
            {
                status["job"] = new JsonObject
                {
                    ["id"] = job.Id,
                    ["progress"] = Math.Round(job.Fraction(now) * 100, 1),
                    ["time_remaining"] = (long)job.Remaining(now).TotalSeconds,
                    ["time_printing"] = (long)job.Printed(now).TotalSeconds,
                };
            }

            if (transfer is not null)
            {
                status["transfer"] = transfer.Json(now);
            }

            return status;
        }
    }

    public JsonObject? JobJson()
    {
        lock (gate)
        {
            Advance();
            if (job is null)
            {
                return null;
            }

            var now = Now;
            return new JsonObject
            {
                ["id"] = job.Id,
                ["state"] = job.State,
                ["progress"] = Math.Round(job.Fraction(now) * 100, 1),
                ["time_remaining"] = (long)job.Remaining(now).TotalSeconds,
                ["time_printing"] = (long)job.Printed(now).TotalSeconds,
                ["inaccurate_estimates"] = false,
                ["file"] = FileJson(job.File, job.Duration),
            };
        }
    }

    public JsonObject FileJson(SimulatedPrusaFile file, TimeSpan? duration = null)
    {
        var slash = file.Path.LastIndexOf('/');
        var folder = slash < 0 ? string.Empty : "/" + file.Path[..slash];
        var name = file.Path[(slash + 1)..];
        var escaped = string.Join('/', file.Path.Split('/').Select(Uri.EscapeDataString));
        var length = duration ?? DurationOf(file.Path);
        return new JsonObject
        {
            ["name"] = name,
            ["display_name"] = name,
            ["path"] = "/usb" + folder,
            ["display_path"] = "/usb" + folder,
            ["size"] = file.Size,
            ["m_timestamp"] = file.ModifiedAt.ToUnixTimeSeconds(),
            ["type"] = "PRINT_FILE",
            ["ro"] = false,
            ["refs"] = new JsonObject
            {
                ["icon"] = "/thumb/s/usb/" + escaped,
                ["thumbnail"] = "/thumb/l/usb/" + escaped,
                ["download"] = "/usb/" + escaped,
            },
            ["meta"] = new JsonObject
            {
                ["estimated print time (normal mode)"] = FormatDuration(length),
                ["estimated_print_time"] = (long)length.TotalSeconds,
                ["filament_type"] = name.Contains("PETG", StringComparison.OrdinalIgnoreCase) ? "PETG" : "PLA",
                ["layer_height"] = name.Contains("0.15mm", StringComparison.Ordinal) ? 0.15 : 0.2,
                ["nozzle_diameter"] = 0.4,
                ["filament used [mm]"] = Math.Round(length.TotalMinutes * 160, 1),
                ["filament used [g]"] = Math.Round(length.TotalMinutes * 0.48, 2),
                ["printer_model"] = options.PrinterModel,
            },
        };
    }

    private static string FormatDuration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m {span.Seconds}s" : $"{span.Minutes}m {span.Seconds}s";

    private TimeSpan DurationOf(string path)
    {
        var match = TimeSuffix().Match(path);
        if (!match.Success)
        {
            return options.DefaultPrintDuration;
        }

        var hours = match.Groups["h"].Success ? int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minutes = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var total = new TimeSpan(hours, minutes, 0);
        return total > TimeSpan.Zero ? total : options.DefaultPrintDuration;
    }

    private bool IsBusy() => overrideState is not null || job is { State: "PRINTING" or "PAUSED" };

    private string StateLocked() => overrideState ?? job?.State ?? "IDLE";

    private void SetTargets(double nozzleTarget, double bedTarget)
    {
        var now = Now;
        nozzle = nozzle.Retarget(nozzleTarget, now);
        bed = bed.Retarget(bedTarget, now);
    }

    /// <summary>Moves the simulation to "now": finishes a print whose time is up, restarts in demo mode.</summary>
    private void Advance()
    {
        var now = Now;
        if (job is { State: "PRINTING" } running && overrideState is null && running.Printed(now) >= running.Duration)
        {
            running.End("FINISHED", running.ResumedAt!.Value + (running.Duration - running.PrintedBefore));
            SetTargets(0, 0);
        }

        if (options.RestartAfter is { } restart && job is { State: "FINISHED" or "STOPPED" } done && now - done.EndedAt >= restart && files.Count > 0)
        {
            var list = files.Values.ToList();
            var next = list[(int)(done.Id % list.Count)];
            job = new Job(nextJobId++, next, DurationOf(next.Path), now);
            SetTargets(215, 60);
        }
    }

    [GeneratedRegex(@"_(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:\d+s)?\.b?gcode$", RegexOptions.IgnoreCase)]
    private static partial Regex TimeSuffix();

    private sealed class Job(long id, SimulatedPrusaFile file, TimeSpan duration, DateTimeOffset startedAt)
    {
        public long Id { get; } = id;

        public SimulatedPrusaFile File { get; } = file;

        public TimeSpan Duration { get; } = duration;

        public string State { get; set; } = "PRINTING";

        public TimeSpan PrintedBefore { get; private set; }

        public DateTimeOffset? ResumedAt { get; private set; } = startedAt;

        public DateTimeOffset EndedAt { get; private set; }

        public TimeSpan Printed(DateTimeOffset now)
        {
            var printed = PrintedBefore + (ResumedAt is { } since ? now - since : TimeSpan.Zero);
            return printed > Duration ? Duration : printed;
        }

        public double Fraction(DateTimeOffset now) => Duration <= TimeSpan.Zero ? 1 : Printed(now) / Duration;

        public TimeSpan Remaining(DateTimeOffset now) => Duration - Printed(now);

        public void Freeze(DateTimeOffset now)
        {
            PrintedBefore = Printed(now);
            ResumedAt = null;
        }

        public void Resume(DateTimeOffset now) => ResumedAt = now;

        public void End(string state, DateTimeOffset at)
        {
            Freeze(at);
            State = state;
            EndedAt = at;
        }
    }

    /// <summary>Exponential approach to the target (time constant 25 s), from where it was when the target changed.</summary>
    private readonly record struct Heater(double From, double Target, DateTimeOffset Since)
    {
        public double At(DateTimeOffset now)
        {
            var goal = Target > 0 ? Target : Ambient;
            var seconds = Math.Max((now - Since).TotalSeconds, 0);
            return goal + ((From - goal) * Math.Exp(-seconds / 25));
        }

        public Heater Retarget(double target, DateTimeOffset now) => new(At(now), target, now);
    }

    private sealed class Transfer(long id, string path, long size, DateTimeOffset startedAt)
    {
        public long Transferred { get; set; }

        public JsonObject Json(DateTimeOffset now) => new()
        {
            ["id"] = id,
            ["time_transferring"] = (long)(now - startedAt).TotalSeconds,
            ["progress"] = size > 0 ? Math.Round(Transferred * 100.0 / size, 1) : 0,
            ["data_transferred"] = Transferred,
            ["path"] = "/usb/" + path,
        };
    }
}
