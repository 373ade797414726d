using System.Text.Json;

namespace PrintStash.Printers.Moonraker;

/// <summary>
/// The merged Klipper status: object → field → value. A subscribe result replaces it; each
/// <c>notify_status_update</c> diff is merged one level deep (a field value always arrives whole; absent fields stay).
/// </summary>
internal sealed class MoonrakerObjectState
{
    private readonly Dictionary<string, Dictionary<string, JsonElement>> objects = new(StringComparer.Ordinal);

    public IEnumerable<string> ObjectNames => objects.Keys;

    public void Replace(JsonElement status)
    {
        objects.Clear();
        Merge(status);
    }

    public void Clear() => objects.Clear();

    public void Merge(JsonElement diff)
    {
        if (diff.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var item in diff.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (!objects.TryGetValue(item.Name, out var fields))
            {
                objects[item.Name] = fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            }

            foreach (var field in item.Value.EnumerateObject())
            {
                fields[field.Name] = field.Value;
            }
        }
    }

    public bool Has(string objectName) => objects.ContainsKey(objectName);

    public JsonElement? Field(string objectName, string field) =>
        objects.TryGetValue(objectName, out var fields) && fields.TryGetValue(field, out var value) ? value : null;

    public string? String(string objectName, string field) =>
        Field(objectName, field) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public double? Double(string objectName, string field) =>
        Field(objectName, field) is { } value ? MoonrakerJson.AsDouble(value) : null;

    public bool? Bool(string objectName, string field) =>
        Field(objectName, field) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;
}
