using System.Text.Json;

namespace PrintStash.Printers.Moonraker;

/// <summary>Tolerant readers for Moonraker payloads: a missing or mistyped field is null, never an exception.</summary>
internal static class MoonrakerJson
{
    public static JsonElement? Property(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static string? String(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static double? Double(this JsonElement element, string name) =>
        element.Property(name) is { } value ? AsDouble(value) : null;

    public static int? Int(this JsonElement element, string name) =>
        element.Double(name) is { } d && d is >= int.MinValue and <= int.MaxValue ? (int)d : null;

    public static long? Long(this JsonElement element, string name) =>
        element.Double(name) is { } d && d is >= long.MinValue and <= long.MaxValue ? (long)d : null;

    public static bool? Bool(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    public static double? AsDouble(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    /// <summary>Unix seconds → UTC, null when absent, not finite or outside what a DateTime can hold.</summary>
    public static DateTime? UnixTime(this JsonElement element, string name)
    {
        var seconds = element.Double(name);
        if (seconds is null || seconds < 0 || seconds > 253_402_300_799)
        {
            return null;
        }

        return DateTime.UnixEpoch.AddTicks((long)(seconds.Value * TimeSpan.TicksPerSecond));
    }

    public static double ToUnixSeconds(DateTime utc) => (DateTime.SpecifyKind(utc, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;
}
