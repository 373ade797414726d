using System.Text.Json.Nodes;

namespace PrintStash.Printers.Moonraker;

/// <summary>Which Klipper objects to subscribe to, given what <c>printer.objects.list</c> says exists.</summary>
internal static class MoonrakerObjects
{
    private static readonly string[] Heater = ["temperature", "target", "power"];

    public static bool IsExtruder(string name) =>
        name.StartsWith("extruder", StringComparison.Ordinal) && name.Skip("extruder".Length).All(char.IsAsciiDigit);

    public static JsonObject Subscription(IEnumerable<string> available)
    {
        var present = available.ToHashSet(StringComparer.Ordinal);
        var objects = new JsonObject();
        void Add(string name, string[]? fields)
        {
            if (present.Contains(name))
            {
                objects[name] = fields is null ? null : new JsonArray(fields.Select(f => (JsonNode?)f).ToArray());
            }
        }

        Add("webhooks", null);
        Add("print_stats", null);
        Add("virtual_sdcard", null);
        Add("display_status", null);
        Add("idle_timeout", ["state"]);
        Add("pause_resume", null);
        Add("toolhead", ["homed_axes", "extruder"]);
        Add("gcode_move", ["speed_factor", "extrude_factor", "gcode_position"]);
        Add("exclude_object", null);
        Add("fan", ["speed"]);
        Add("heater_bed", Heater);
        foreach (var name in present.Order(StringComparer.Ordinal))
        {
            if (IsExtruder(name) || name.StartsWith("heater_generic ", StringComparison.Ordinal))
            {
                Add(name, Heater);
            }
            else if (name.StartsWith("temperature_fan ", StringComparison.Ordinal))
            {
                Add(name, ["temperature", "target", "speed"]);
            }
            else if (name.StartsWith("temperature_sensor ", StringComparison.Ordinal))
            {
                Add(name, ["temperature"]);
            }
        }

        // Some installs hide objects from the list behind a proxy; print_stats is the one that matters most.
        if (objects.Count == 0)
        {
            objects["webhooks"] = null;
            objects["print_stats"] = null;
        }

        return objects;
    }
}
