using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Bambu;

/// <summary>Tolerant readers for report fields: firmware sends the same field as a number on one model and a string on another.</summary>
internal static class BambuJson
{
    /// <summary>
    /// Parses a payload into an object, fully materialised, so every kind of bad input (invalid JSON, not an object,
    /// duplicate keys, too deep) surfaces here as a reason instead of later as an exception.
    /// </summary>
    public static JsonObject? ParseObject(ReadOnlySpan<byte> payload, out string? error)
    {
        try
        {
            if (JsonNode.Parse(payload, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) is not JsonObject parsed)
            {
                error = "not a JSON object";
                return null;
            }

            Materialize(parsed);
            error = null;
            return parsed;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            error = ex.Message;
            return null;
        }
    }

    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Materialize(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Materialize(item);
                }

                break;
        }
    }

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
