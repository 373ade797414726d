using System.Text;
using System.Text.RegularExpressions;
using PrintStash.Ingestion.Formats;

namespace PrintStash.Ingestion.Libraries;

/// <summary>
/// Which entries of a volume are indexed: printable file types only, minus temp and system files (built in), minus the
/// volume's exclude globs and .printstashignore lines, and, when include globs are given, only what they match.
/// A glob without '/' matches a name anywhere; with '/' it matches the path from the root ("**" spans folders).
/// </summary>
public sealed class LibraryFilter
{
    public const string IgnoreFileName = ".printstashignore";

    public static readonly IReadOnlyList<string> BuiltInExcludes =
    [
        "*.part", "*.tmp", "*.temp", "*.crdownload", "*.download", "~$*", ".~*", "@eaDir", "#recycle", ".DS_Store", "Thumbs.db",
        "desktop.ini", "._*", ".Trash-*", ".sync", ".stfolder", "*.gcode.pp", "*.gcode.tmp", ".*.swp", "lost+found",
    ];

    /// <summary>Bound on cached, compiled patterns (volumes' globs and .printstashignore variants); beyond it a pattern is interpreted.</summary>
    private const int MaxCompiled = 256;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    private readonly string? includeText;
    private readonly string? excludeText;
    private readonly Regex? excludeNames;
    private readonly Regex? excludePaths;
    private readonly Regex? includes;

    public LibraryFilter(string? includeGlobs, string? excludeGlobs)
    {
        includeText = includeGlobs;
        excludeText = excludeGlobs;
        var excludes = BuiltInExcludes.Concat(Lines(excludeGlobs)).ToList();
        excludeNames = Combine(excludes.Where(g => !g.Contains('/')));
        excludePaths = Combine(excludes.Where(g => g.Contains('/')).Select(g => g.TrimStart('/')));
        includes = Combine(Lines(includeGlobs).Select(g => g.TrimStart('/')));
    }

    public static IEnumerable<string> Lines(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#'));

    /// <summary>False for folders never walked (temp, system, excluded).</summary>
    public bool WalkFolder(string name, string relativePath) => !Excluded(name, relativePath);

    public bool IndexFile(string name, string relativePath)
    {
        if (FileKinds.FromFileName(name) == FileKind.Unknown || Excluded(name, relativePath))
        {
            return false;
        }

        return includes is null || includes.IsMatch(relativePath) || includes.IsMatch(name);
    }

    /// <summary>For a path from outside the walk (a watcher event): every folder on the way must be walkable too.</summary>
    public bool IndexPath(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return (slash < 0 || WalkPath(relativePath[..slash])) && IndexFile(relativePath[(slash + 1)..], relativePath);
    }

    /// <summary>True when the walk would reach this folder ("" is the root).</summary>
    public bool WalkPath(string folderRelative)
    {
        if (folderRelative.Length == 0)
        {
            return true;
        }

        var parts = folderRelative.Split('/');
        var folder = string.Empty;
        for (var i = 0; i < parts.Length; i++)
        {
            folder = i == 0 ? parts[0] : folder + "/" + parts[i];
            if (!WalkFolder(parts[i], folder))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>This filter plus the globs of a folder's .printstashignore (lines relative to that folder).</summary>
    public LibraryFilter WithIgnoreFile(string folderRelative, IEnumerable<string> lines)
    {
        var extra = lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => folderRelative.Length == 0 ? l.TrimStart('/') : folderRelative + "/" + (l.Contains('/') ? l.TrimStart('/') : "**/" + l))
            .ToList();
        return extra.Count == 0 ? this : new LibraryFilter(includeText, excludeText + "\n" + string.Join('\n', extra));
    }

    private bool Excluded(string name, string relativePath) =>
        (excludeNames?.IsMatch(name) ?? false) || (excludePaths?.IsMatch(relativePath) ?? false);

    private static Regex? Combine(IEnumerable<string> globs)
    {
        var parts = globs.Select(ToPattern).ToList();
        if (parts.Count == 0)
        {
            return null;
        }

        // Every walked name is matched against these (100,000 per scan of a large library): compiled once per pattern
        // text and shared by all scans, instead of interpreted (which cost more CPU than reading the directory entries).
        var pattern = "^(?:" + string.Join('|', parts) + ")(?:/.*)?$";
        if (Compiled.TryGetValue(pattern, out var regex))
        {
            return regex;
        }

        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        return Compiled.Count < MaxCompiled
            ? Compiled.GetOrAdd(pattern, p => new Regex(p, options | RegexOptions.Compiled, MatchTimeout))
            : new Regex(pattern, options, MatchTimeout);
    }

    private static string ToPattern(string glob)
    {
        var pattern = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
                if (i + 1 < glob.Length && glob[i + 1] == '/')
                {
                    pattern.Append("/?");
                    i++;
                }
            }
            else if (c == '*')
            {
                pattern.Append("[^/]*");
            }
            else if (c == '?')
            {
                pattern.Append("[^/]");
            }
            else
            {
                pattern.Append(Regex.Escape(c.ToString()));
            }
        }

        return pattern.ToString();
    }
}
