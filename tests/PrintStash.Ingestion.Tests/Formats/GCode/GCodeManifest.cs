using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PrintStash.Ingestion.Tests.Formats.GCode;

/// <summary>The G-code part of the corpus MANIFEST.json: expected values per file, quoted as they appear in the file.</summary>
internal static partial class GCodeManifest
{
    private static readonly Lazy<IReadOnlyDictionary<string, Entry>> Entries = new(Load);

    public static IEnumerable<string> FileNames => Entries.Value.Keys.Order(StringComparer.Ordinal);

    public static Entry Get(string file) => Entries.Value[file];

    /// <summary>Theory data: every G-code file of the manifest.</summary>
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var name in FileNames)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>"2h 20m 45s" as the manifest quotes it.</summary>
    public static TimeSpan ParseDhms(string text)
    {
        var total = TimeSpan.Zero;
        foreach (Match part in DhmsPart().Matches(text))
        {
            var value = int.Parse(part.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "d" => TimeSpan.FromDays(value),
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromSeconds(value),
            };
        }

        return total;
    }

    private static Dictionary<string, Entry> Load()
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(CorpusFiles.Manifest));
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var item in document.RootElement.GetProperty("gcode").EnumerateArray())
        {
            var entry = new Entry(item.Clone());
            entries[entry.File] = entry;
        }

        if (entries.Count == 0)
        {
            throw new InvalidOperationException($"{CorpusFiles.Manifest} lists no G-code files.");
        }

        return entries;
    }

    [GeneratedRegex(@"(\d+)([dhms])")]
    private static partial Regex DhmsPart();

    public sealed record Thumbnail(string Format, int Width, int Height, int DeclaredBase64Length, int DecodedBytes);

    public sealed class Entry(JsonElement json)
    {
        public string File => json.GetProperty("file").GetString()!;

        public long Size => json.GetProperty("size").GetInt64();

        /// <summary>"PrusaSlicer" or "CuraEngine".</summary>
        public string Generator => json.GetProperty("generator").GetString()!;

        public bool IsPrusaSlicer => Generator == "PrusaSlicer";

        public bool IsCura => Generator == "CuraEngine";

        public IReadOnlyList<string> Objects => json.GetProperty("objects").EnumerateArray().Select(o => o.GetString()!).ToList();

        public IReadOnlyList<string> ExcludeObjectNames => json.TryGetProperty("exclude_object_define", out var names)
            ? names.EnumerateArray().Select(o => o.GetString()!).ToList()
            : [];

        public IReadOnlyList<Thumbnail> Thumbnails => json.GetProperty("thumbnails").EnumerateArray()
            .Select(t => new Thumbnail(
                t.GetProperty("format").GetString()!,
                t.GetProperty("w").GetInt32(),
                t.GetProperty("h").GetInt32(),
                t.GetProperty("declared_b64_len").GetInt32(),
                t.GetProperty("decoded_bytes").GetInt32()))
            .ToList();

        public double MaxExtrudingZ => Derived("max_extruding_z");

        public double MinExtrudingZ => Derived("min_extruding_z");

        public int? EngineLogSeconds => json.TryGetProperty("engine_log", out var log) ? log.GetProperty("print_time_s").GetInt32() : null;

        public double? EngineLogFilamentMm3 => json.TryGetProperty("engine_log", out var log) ? log.GetProperty("filament_mm3").GetDouble() : null;

        /// <summary>The verbatim value of a field ("value" in the manifest), or null when the file has no such line.</summary>
        public string? Field(string name) =>
            json.GetProperty("fields").TryGetProperty(name, out var field) && field.TryGetProperty("value", out var value) ? value.GetString() : null;

        public double? Number(string name) =>
            Field(name) is { } text && double.TryParse(text.TrimEnd('m'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

        public override string ToString() => File;

        private double Derived(string name) => json.GetProperty("derived").GetProperty(name).GetDouble();
    }
}
