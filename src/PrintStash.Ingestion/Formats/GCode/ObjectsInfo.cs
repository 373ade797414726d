using System.Text.Json;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// PrusaSlicer's <c>objects_info</c> value (text G-code footer since 2.6, binary G-code printer metadata):
/// <c>{"objects":[{"name":"bracket_stl","polygon":[[105.0,85.0],...]}]}</c>.
/// </summary>
internal static class ObjectsInfo
{
    /// <summary>Adds the object names; false when the value is not valid JSON.</summary>
    public static bool TryReadNames(string? json, ObjectNames names)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("objects", out var objects)
                || objects.ValueKind != JsonValueKind.Array)
            {
                return true;
            }

            foreach (var item in objects.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    names.Add(name.GetString());
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
