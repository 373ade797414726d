using System.Globalization;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Bambu;

/// <summary>Request payloads for device/&lt;serial&gt;/request (protocols.md §2.4, §2.6).</summary>
internal static class BambuCommands
{
    public const string PlateGcode = "Metadata/plate_1.gcode";

    public static JsonObject PushAll(string sequence) => Envelope("pushing", sequence, "pushall", new JsonObject { ["version"] = 1, ["push_target"] = 1 });

    public static JsonObject PushingStart(string sequence) => Envelope("pushing", sequence, "start");

    public static JsonObject GetVersion(string sequence) => Envelope("info", sequence, "get_version");

    public static JsonObject Print(string sequence, string command) => Envelope("print", sequence, command, new JsonObject { ["param"] = "" });

    /// <summary>Starts a sliced .gcode.3mf already on the printer's storage.</summary>
    public static JsonObject ProjectFile(string sequence, string fileName) => Envelope("print", sequence, "project_file", new JsonObject
    {
        ["param"] = PlateGcode,
        ["url"] = "file:///sdcard/" + fileName,
        ["subtask_name"] = SubtaskName(fileName),
        ["md5"] = "",
        ["project_id"] = "0",
        ["profile_id"] = "0",
        ["task_id"] = "0",
        ["subtask_id"] = "0",
        ["bed_type"] = "auto",
        ["timelapse"] = false,
        ["bed_leveling"] = true,
        ["bed_levelling"] = true,
        ["flow_cali"] = false,
        ["vibration_cali"] = false,
        ["layer_inspect"] = false,
        ["use_ams"] = false,
    });

    /// <summary>Starts a plain .gcode file (no 3MF project).</summary>
    public static JsonObject GcodeFile(string sequence, string fileName) => Envelope("print", sequence, "gcode_file", new JsonObject { ["param"] = "/sdcard/" + fileName });

    public static string SubtaskName(string fileName)
    {
        foreach (var suffix in new[] { ".gcode.3mf", ".3mf", ".gcode" })
        {
            if (fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return fileName[..^suffix.Length];
            }
        }

        return fileName;
    }

    public static string Sequence(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Envelope(string key, string sequence, string command, JsonObject? extra = null)
    {
        var body = new JsonObject { ["sequence_id"] = sequence, ["command"] = command };
        if (extra is not null)
        {
            foreach (var (name, value) in extra.ToList())
            {
                extra.Remove(name);
                body[name] = value;
            }
        }

        return new JsonObject { [key] = body };
    }
}
