using System.Text.Json;

namespace PrintStash.Printers.PrusaLink;

/// <summary>Who answered: PrusaLink or something else, and how to describe it on the printer page.</summary>
internal static class PrusaLinkIdentity
{
    /// <summary>Both implementations put "PrusaLink…" in <c>text</c> (OctoPrint says "OctoPrint 1.x").</summary>
    public static bool IsPrusaLink(PrusaLinkVersion version) =>
        version.Text?.TrimStart().StartsWith("PrusaLink", StringComparison.OrdinalIgnoreCase) == true;

    public static string Describe(PrusaLinkVersion version, PrusaLinkInfo? info)
    {
        var parts = new List<string>(3);
        var model = version.Printer ?? version.Original;
        if (!string.IsNullOrWhiteSpace(model) && !model.StartsWith("PrusaLink", StringComparison.OrdinalIgnoreCase))
        {
            parts.Add(model.Trim());
        }

        var text = version.Text?.Trim() ?? "PrusaLink";
        parts.Add(text.Equals("PrusaLink", StringComparison.OrdinalIgnoreCase) && version.Server is { Length: > 0 } server ? $"{text} {server}" : text);
        if (!string.IsNullOrWhiteSpace(version.Firmware))
        {
            parts.Add("firmware " + version.Firmware.Trim());
        }

        if (!string.IsNullOrWhiteSpace(info?.Serial))
        {
            parts.Add("serial " + info.Serial.Trim());
        }

        return string.Join(" · ", parts);
    }

    /// <summary>
    /// The storage to upload to and start from ("usb" on Buddy firmware, "local" on the Pi): the first available,
    /// writable one of /api/v1/storage, else the one /api/v1/status names (object or array), else "usb".
    /// </summary>
    public static string PickStorage(PrusaLinkStorageList? list, JsonElement? statusStorage)
    {
        var fromList = list?.StorageList?
            .Where(s => s.Available != false && s.ReadOnly != true && s.Ro != true)
            .Select(s => StorageName(s.Path) ?? StorageName(s.Name))
            .FirstOrDefault(s => s is not null);
        if (fromList is not null)
        {
            return fromList;
        }

        if (statusStorage is { ValueKind: JsonValueKind.Object } single)
        {
            return StorageName(Text(single, "path")) ?? StorageName(Text(single, "name")) ?? "usb";
        }

        if (statusStorage is { ValueKind: JsonValueKind.Array } many)
        {
            foreach (var storage in many.EnumerateArray())
            {
                if (storage.ValueKind == JsonValueKind.Object
                    && !(storage.TryGetProperty("read_only", out var ro) && ro.ValueKind == JsonValueKind.True)
                    && StorageName(Text(storage, "path")) is { } name)
                {
                    return name;
                }
            }
        }

        return "usb";
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? StorageName(string? path)
    {
        var name = path?.Trim().Trim('/').ToLowerInvariant();
        return string.IsNullOrEmpty(name) || name.Contains('/', StringComparison.Ordinal) ? null : name;
    }
}
