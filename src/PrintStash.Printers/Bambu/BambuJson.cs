using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Bambu;

/// <summary>Tolerant readers for report fields: firmware sends the same field as a number on one model and a string on another.</summary>
internal static class BambuJson
{
    public static string? String(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => null,
    };

    public static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return value.GetValue<double>();
        }

        return value.GetValueKind() == JsonValueKind.String
            && double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && double.IsFinite(parsed)
                ? parsed
                : null;
    }

    public static long? Integer(JsonNode? node) => Number(node) is { } number && Math.Abs(number) < 9e15 ? (long)number : null;

    /// <summary>Hex strings such as "fun", "ams_exist_bits".</summary>
    public static ulong? Hex(JsonNode? node) =>
        String(node) is { } text && ulong.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) ? value : null;
}
