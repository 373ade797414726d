using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PrintStash.Printers.Simulation.Moonraker;

/// <summary>A file in the simulated gcodes root with the metadata Moonraker would extract from it.</summary>
internal sealed partial class SimulatedFile
{
    private SimulatedFile(string path, byte[] content, double modified)
    {
        Path = path;
        Content = content;
        Modified = modified;
    }

    public string Path { get; }

    public byte[] Content { get; }

    public double Modified { get; }

    public string Uuid { get; } = Guid.NewGuid().ToString();

    public string Slicer { get; private set; } = "Unknown";

    public string SlicerVersion { get; private set; } = "?";

    public double? EstimatedTime { get; private set; }

    public double? LayerHeight { get; private set; }

    public double? FirstLayerHeight { get; private set; }

    public double ObjectHeight { get; private set; } = 1.0;

    public double? FilamentTotal { get; private set; }

    public double? FilamentWeight { get; private set; }

    public string? FilamentType { get; private set; }

    public int? LayerCount { get; private set; }

    /// <summary>The file reports its own progress with <c>M73 P</c> (PrusaSlicer, Orca): Klipper's display_status follows it.</summary>
    public bool EmitsProgress { get; private set; }

    public long GcodeStartByte { get; private set; }

    public long GcodeEndByte { get; private set; }

    /// <summary>Extracted thumbnails: path relative to the file's folder → PNG bytes, with their size.</summary>
    public List<(int Width, int Height, string RelativePath, byte[] Png)> Thumbnails { get; } = [];

    /// <summary>Simulated printing seconds (slicer estimate, else a minute per 100 kB, at least 30 s).</summary>
    public double PrintSeconds => EstimatedTime ?? Math.Max(30, Content.Length / 100_000.0 * 60);

    public static SimulatedFile Parse(string path, byte[] content, double modified)
    {
        var file = new SimulatedFile(path, content, modified);
        var text = Encoding.UTF8.GetString(content);
        var inv = CultureInfo.InvariantCulture;
        double? Number(string key) =>
            Regex.Match(text, "^; " + Regex.Escape(key) + @" = ([0-9.]+)", RegexOptions.Multiline) is { Success: true } m
            && double.TryParse(m.Groups[1].Value, NumberStyles.Float, inv, out var v) ? v : null;

        if (GeneratedBy().Match(text) is { Success: true } generated)
        {
            file.Slicer = generated.Groups[1].Value;
            file.SlicerVersion = generated.Groups[2].Value;
        }

        if (EstimatedTimePattern().Match(text) is { Success: true } time)
        {
            double Part(int group) => time.Groups[group].Success ? double.Parse(time.Groups[group].Value, inv) : 0;
            file.EstimatedTime = (Part(1) * 86400) + (Part(2) * 3600) + (Part(3) * 60) + Part(4);
        }

        file.LayerHeight = Number("layer_height");
        file.FirstLayerHeight = Number("first_layer_height") ?? file.LayerHeight;
        file.ObjectHeight = Number("max_layer_z") ?? 1.0;
        file.FilamentTotal = Number("filament used [mm]");
        file.FilamentWeight = Number("filament used [g]");
        file.FilamentType = Regex.Match(text, "^; filament_type = (.+)$", RegexOptions.Multiline) is { Success: true } type ? type.Groups[1].Value.Trim() : null;
        file.LayerCount = TotalLayer().Match(text) is { Success: true } layers ? int.Parse(layers.Groups[1].Value, inv) : null;
        file.EmitsProgress = ProgressCommand().IsMatch(text);

        var baseName = System.IO.Path.GetFileNameWithoutExtension(path.Split('/')[^1]);
        foreach (Match thumb in ThumbnailBlock().Matches(text))
        {
            try
            {
                var base64 = string.Concat(thumb.Groups[3].Value.Split('\n').Select(l => l.TrimStart(';', ' ').Trim()));
                var png = Convert.FromBase64String(base64);
                var (w, h) = (int.Parse(thumb.Groups[1].Value, inv), int.Parse(thumb.Groups[2].Value, inv));
                file.Thumbnails.Add((w, h, $".thumbs/{baseName}-{w}x{h}.png", png));
            }
            catch (FormatException)
            {
                // A damaged thumbnail block is skipped, as Moonraker does.
            }
        }

        (file.GcodeStartByte, file.GcodeEndByte) = CommandRange(content);
        return file;
    }

    private static (long Start, long End) CommandRange(byte[] content)
    {
        long start = -1;
        long end = 0;
        long lineStart = 0;
        for (long i = 0; i <= content.Length; i++)
        {
            if (i < content.Length && content[i] != (byte)'\n')
            {
                continue;
            }

            var first = lineStart;
            while (first < i && (content[first] == (byte)' ' || content[first] == (byte)'\t' || content[first] == (byte)'\r'))
            {
                first++;
            }

            if (first < i && content[first] != (byte)';')
            {
                start = start < 0 ? lineStart : start;
                end = Math.Min(i + 1, content.Length);
            }

            lineStart = i + 1;
        }

        return (Math.Max(0, start), end);
    }

    /// <summary>The metadata object as <c>server.files.metadata</c> returns it (history snapshots omit the last three keys).</summary>
    public JsonObject Metadata(bool forHistory, string? lastJobId, double? lastStart)
    {
        var metadata = new JsonObject
        {
            ["size"] = Content.Length,
            ["modified"] = Modified,
            ["uuid"] = Uuid,
            ["file_processors"] = new JsonArray(),
            ["slicer"] = Slicer,
            ["slicer_version"] = SlicerVersion,
            ["gcode_start_byte"] = GcodeStartByte,
            ["gcode_end_byte"] = GcodeEndByte,
            ["object_height"] = ObjectHeight,
        };
        void Optional(string key, JsonNode? value)
        {
            if (value is not null)
            {
                metadata[key] = value;
            }
        }

        Optional("estimated_time", EstimatedTime is { } e ? JsonValue.Create(Math.Round(e)) : null);
        Optional("nozzle_diameter", LayerHeight is null ? null : JsonValue.Create(0.4));
        Optional("layer_height", LayerHeight is { } lh ? JsonValue.Create(lh) : null);
        metadata["first_layer_height"] = FirstLayerHeight ?? 0.2;
        Optional("filament_total", FilamentTotal is { } ft ? JsonValue.Create(ft) : null);
        Optional("filament_weight_total", FilamentWeight is { } fw ? JsonValue.Create(fw) : null);
        Optional("filament_type", FilamentType is { } t ? JsonValue.Create(t) : null);
        if (Thumbnails.Count > 0)
        {
            metadata["thumbnails"] = new JsonArray(Thumbnails.Select(t => (JsonNode)new JsonObject
            {
                ["width"] = t.Width,
                ["height"] = t.Height,
                ["size"] = t.Png.Length,
                ["relative_path"] = t.RelativePath,
            }).ToArray());
        }

        if (!forHistory)
        {
            metadata["print_start_time"] = lastStart;
            metadata["job_id"] = lastJobId;
            metadata["filename"] = Path;
        }

        return metadata;
    }

    [GeneratedRegex(@"^; generated by (\S+) (\S+)", RegexOptions.Multiline)]
    private static partial Regex GeneratedBy();

    [GeneratedRegex(@"^; estimated printing time \(normal mode\) = (?:(\d+)d )?(?:(\d+)h )?(?:(\d+)m )?(?:(\d+)s)?", RegexOptions.Multiline)]
    private static partial Regex EstimatedTimePattern();

    [GeneratedRegex(@"^SET_PRINT_STATS_INFO TOTAL_LAYER=(\d+)", RegexOptions.Multiline)]
    private static partial Regex TotalLayer();

    [GeneratedRegex(@"^M73 .*P\d", RegexOptions.Multiline)]
    private static partial Regex ProgressCommand();

    [GeneratedRegex(@"^; thumbnail begin (\d+)x(\d+) \d+\n((?:;.*\n)*?); thumbnail end", RegexOptions.Multiline)]
    private static partial Regex ThumbnailBlock();
}
