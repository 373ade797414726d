using System.Text.Json;
using PrintStash.Domain.Entities;

namespace PrintStash.Ingestion.Slicing;

/// <summary>One profile read from an imported file, not yet stored.</summary>
public sealed record ImportedProfile(string Name, SlicerProfileKind Kind, SlicerProfileFormat Format, string Content);

/// <summary>
/// Reads slicer presets: a PrusaSlicer/SuperSlicer config bundle (<c>[print:…]</c>, <c>[filament:…]</c>, <c>[printer:…]</c>
/// sections), a single exported config (one flat .ini = a complete profile), or an OrcaSlicer/Bambu Studio JSON preset
/// (<c>"type": "machine" | "filament" | "process"</c>).
/// </summary>
public static class SlicerProfileImporter
{
    public const int MaxBytes = 1_000_000;
    public const int MaxProfiles = 200;

    public static (IReadOnlyList<ImportedProfile>? Profiles, string? Error) Read(string fileName, string text)
    {
        if (text.Length > MaxBytes)
        {
            return (null, $"'{fileName}' is larger than {MaxBytes / 1000} kB; slicer profiles are small text files.");
        }

        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return trimmed.StartsWith('{') ? ReadJson(fileName, trimmed) : ReadIni(fileName, text);
    }

    /// <summary>The "key = value" pairs of an ini profile (for editing and for checking what the slicer ignored).</summary>
    public static IReadOnlyList<(string Key, string Value)> IniPairs(string content) =>
        content.Split('\n').Select(l => l.TrimEnd('\r')).Select(l => (Line: l, Eq: l.IndexOf('=', StringComparison.Ordinal)))
            .Where(x => x.Eq > 0 && !x.Line.TrimStart().StartsWith('#') && !x.Line.TrimStart().StartsWith(';'))
            .Select(x => (x.Line[..x.Eq].Trim(), x.Line[(x.Eq + 1)..].Trim())).ToList();

    private static (IReadOnlyList<ImportedProfile>?, string?) ReadIni(string fileName, string text)
    {
        var profiles = new List<ImportedProfile>();
        var flat = new List<string>();
        string? sectionName = null;
        SlicerProfileKind? sectionKind = null;
        var section = new List<string>();
        var lineNumber = 0;
        var inSection = false;

        void Flush()
        {
            if (sectionName is not null && sectionKind is { } kind && section.Count > 0)
            {
                profiles.Add(new ImportedProfile(sectionName, kind, SlicerProfileFormat.PrusaIni, string.Join('\n', section) + "\n"));
            }

            section.Clear();
        }

        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            var content = line.Trim();
            if (content.Length == 0 || content.StartsWith('#') || content.StartsWith(';'))
            {
                continue;
            }

            if (content.StartsWith('[') && content.EndsWith(']'))
            {
                Flush();
                inSection = true;
                var header = content[1..^1];
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                (sectionName, sectionKind) = colon < 0 ? (null, null) : (header[(colon + 1)..].Trim(), header[..colon].Trim() switch
                {
                    "print" => SlicerProfileKind.Process,
                    "filament" => SlicerProfileKind.Filament,
                    "printer" => SlicerProfileKind.Printer,
                    _ => (SlicerProfileKind?)null, // [presets], [physical_printer:…], [sla_print:…]: not used for FFF slicing
                });
                continue;
            }

            if (line.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                return (null, $"Line {lineNumber} of '{fileName}' is not 'key = value': {Shorten(content)}");
            }

            (inSection ? section : flat).Add(line);
        }

        Flush();
        if (profiles.Count == 0 && flat.Count > 0)
        {
            var name = IniPairs(string.Join('\n', flat)).FirstOrDefault(p => p.Key == "print_settings_id").Value is { Length: > 0 } id
                ? id.Trim('"')
                : Path.GetFileNameWithoutExtension(fileName);
            profiles.Add(new ImportedProfile(name, SlicerProfileKind.Complete, SlicerProfileFormat.PrusaIni, string.Join('\n', flat) + "\n"));
        }

        return profiles.Count switch
        {
            0 => (null, $"'{fileName}' holds no slicer settings."),
            > MaxProfiles => (null, $"'{fileName}' holds more than {MaxProfiles} profiles."),
            _ => (profiles, null),
        };
    }

    private static (IReadOnlyList<ImportedProfile>?, string?) ReadJson(string fileName, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, $"'{fileName}' is not an OrcaSlicer preset (a JSON object).");
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            SlicerProfileKind? kind = type switch
            {
                "machine" or "printer" => SlicerProfileKind.Printer,
                "filament" => SlicerProfileKind.Filament,
                "process" or "print" => SlicerProfileKind.Process,
                _ => null,
            };
            if (kind is null)
            {
                return (null, $"'{fileName}' has no \"type\" of machine, filament or process, so it is not an OrcaSlicer preset.");
            }

            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } named
                ? named
                : Path.GetFileNameWithoutExtension(fileName);
            return ([new ImportedProfile(name, kind.Value, SlicerProfileFormat.OrcaJson, text)], null);
        }
        catch (JsonException ex)
        {
            return (null, $"'{fileName}' is not valid JSON: {ex.Message}");
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
