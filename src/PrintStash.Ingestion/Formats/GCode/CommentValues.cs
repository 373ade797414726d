using System.Text.RegularExpressions;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Collects the key/value comments of a G-code file into the raw value map: <c>; key = value</c> (Prusa/Orca/Bambu config),
/// <c>; key: value</c> and <c>; key : value</c> (Bambu/Orca header), <c>;KEY:value</c> (Cura) and <c>;   key,value</c> (Simplify3D).
/// Values inside a config block (<c>; prusaslicer_config = begin</c> … <c>end</c>, <c>; CONFIG_BLOCK_START</c> … <c>END</c>) win over
/// loose comments, so a custom G-code comment cannot shadow the real setting.
/// </summary>
internal sealed partial class CommentValues
{
    public const int MaxEntries = 8192;

    private const int MaxDuplicates = 9;

    // Body markers repeated on every layer or feature: they feed ScanFacts, they would only be noise in the map.
    private static readonly HashSet<string> BodyMarkers = new(StringComparer.OrdinalIgnoreCase)
    {
        "TYPE", "WIDTH", "HEIGHT", "MESH", "Z", "LAYER", "FEATURE", "LINE_WIDTH", "LAYER_HEIGHT", "Z_HEIGHT",
    };

    private readonly Dictionary<string, string> loose = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> config = new(StringComparer.OrdinalIgnoreCase);
    private bool inConfigBlock;

    public bool Overflowed { get; private set; }

    /// <summary>Offers one comment (the text after <c>;</c>). <paramref name="simplify3D"/> enables the <c>key,value</c> form.</summary>
    public void Add(string comment, bool simplify3D)
    {
        var text = comment.Trim();
        if (text.Length == 0 || TrackConfigBlock(text))
        {
            return;
        }

        if (TrySplitEquals(text, out var key, out var value))
        {
            Store(key, value, equalsStyle: true);
        }
        else if (simplify3D && comment.StartsWith("  ", StringComparison.Ordinal) && Simplify3DSetting().Match(comment) is { Success: true } s3d)
        {
            Store(s3d.Groups["k"].Value, s3d.Groups["v"].Value.Trim(), equalsStyle: false);
        }
        else
        {
            AddColonPairs(text);
        }
    }

    /// <summary>Called when reading jumps from the head to the tail: a config block cannot continue across the gap.</summary>
    public void SkipGap() => inConfigBlock = false;

    public void StoreGenerator(string line)
    {
        if (!loose.ContainsKey("generator"))
        {
            Store("generator", line, equalsStyle: false);
        }
    }

    public Dictionary<string, string> Build()
    {
        var merged = new Dictionary<string, string>(loose, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in config)
        {
            merged[key] = value;
        }

        return merged;
    }

    private bool TrackConfigBlock(string text)
    {
        if (text.EndsWith("_config = begin", StringComparison.OrdinalIgnoreCase) || text.Equals("CONFIG_BLOCK_START", StringComparison.OrdinalIgnoreCase))
        {
            inConfigBlock = true;
            return true;
        }

        if (text.EndsWith("_config = end", StringComparison.OrdinalIgnoreCase) || text.Equals("CONFIG_BLOCK_END", StringComparison.OrdinalIgnoreCase))
        {
            inConfigBlock = false;
            return true;
        }

        return false;
    }

    private static bool TrySplitEquals(string text, out string key, out string value)
    {
        var at = text.IndexOf(" = ", StringComparison.Ordinal);
        if (at < 0 && text.EndsWith(" =", StringComparison.Ordinal))
        {
            at = text.Length - 2; // "; printer_model = " with the trailing space trimmed
        }

        key = at > 0 ? text[..at].Trim() : string.Empty;
        value = at > 0 ? text[Math.Min(text.Length, at + 3)..].Trim() : string.Empty;
        return at > 0 && IsKey(key);
    }

    private void AddColonPairs(string text)
    {
        // "model printing time: 1h 10m 18s; total estimated time: 1h 16m 7s" holds two pairs.
        foreach (var part in text.Split("; ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var at = part.IndexOf(':', StringComparison.Ordinal);
            if (at <= 0)
            {
                return;
            }

            var key = part[..at].Trim();
            if (!IsKey(key) || BodyMarkers.Contains(key))
            {
                return;
            }

            Store(key, part[(at + 1)..].Trim(), equalsStyle: false);
        }
    }

    private void Store(string key, string value, bool equalsStyle)
    {
        var target = inConfigBlock ? config : loose;
        if (!target.TryGetValue(key, out var existing))
        {
            if (loose.Count + config.Count >= MaxEntries)
            {
                Overflowed = true;
                return;
            }

            target[key] = value;
            return;
        }

        if (!equalsStyle || inConfigBlock)
        {
            target[key] = value; // ";TIME_ELAPSED:" and friends: the last one is the total
            return;
        }

        if (existing == value)
        {
            return;
        }

        // Slic3r writes "; filament used =" twice (length/volume, then weight): keep both.
        for (var n = 2; n <= MaxDuplicates; n++)
        {
            var numbered = $"{key} ({n})";
            if (!target.TryGetValue(numbered, out var other))
            {
                target[numbered] = value;
                return;
            }

            if (other == value)
            {
                return;
            }
        }
    }

    private static bool IsKey(string key) => key.Length is > 0 and <= 128 && KeyPattern().IsMatch(key) && !key.StartsWith("generated by", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_ .\[\]()^%/-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^\s+(?<k>[A-Za-z][A-Za-z0-9_]*),(?<v>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Simplify3DSetting();
}
