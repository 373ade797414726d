using System.Text;
using System.Text.Json;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Slicer settings stored in a package: PrusaSlicer's <c>Metadata/Slic3r_PE.config</c> (<c>; key = value</c> lines)
/// and Bambu/Orca's <c>Metadata/project_settings.config</c> (a JSON object; arrays are joined with <c>;</c>).
/// </summary>
internal static class SlicerConfigReader
{
    private const int MaxValueChars = 4096;
    private const int MaxKeyChars = 128;

    public static Dictionary<string, string> Parse(byte[] data, int maxValues)
    {
        var text = Encoding.UTF8.GetString(data);
        var trimmed = text.AsSpan().TrimStart();
        return trimmed.StartsWith("{") ? ParseJson(data, maxValues) : ParseIni(text, maxValues);
    }

    private static Dictionary<string, string> ParseIni(string text, int maxValues)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            if (values.Count >= maxValues)
            {
                break;
            }

            var line = rawLine.Trim();
            if (line.StartsWith(";") || line.StartsWith("#"))
            {
                line = line[1..].TrimStart();
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var key = line[..equals].Trim();
            if (key.Length is 0 or > MaxKeyChars || key.ContainsAny(" \t"))
            {
                continue;
            }

            Add(values, key.ToString(), line[(equals + 1)..].Trim().ToString());
        }

        return values;
    }

    private static Dictionary<string, string> ParseJson(byte[] data, int maxValues)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(data, new JsonDocumentOptions { MaxDepth = 16, AllowTrailingCommas = true });
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return values;
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (values.Count >= maxValues)
            {
                break;
            }

            if (property.Name.Length <= MaxKeyChars && Flatten(property.Value) is { } value)
            {
                Add(values, property.Name, value);
            }
        }

        return values;
    }

    private static string? Flatten(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Array => string.Join(";", element.EnumerateArray().Select(Flatten).Where(v => v is not null)),
        _ => null,
    };

    private static void Add(Dictionary<string, string> values, string key, string value) =>
        values[key] = value.Length > MaxValueChars ? value[..MaxValueChars] : value;
}
