using System.Globalization;
using PrintStash.Domain.Entities;

namespace PrintStash.Web.Components.Libraries;

/// <summary>How a recorded scan reads on the Libraries page: the counts that matter, how long it took, why it stopped.</summary>
public static class ScanRunText
{
    private static readonly string[] ReasonPrefixes = ["review removals: ", "aborted: ", "failed: "];

    /// <summary>"6 seen, 6 added": files seen always, the other counts only when they are not zero.</summary>
    public static string Counts(LibraryScanRun run)
    {
        var parts = new List<string> { $"{run.Seen} seen" };
        Add(parts, run.Added, "added");
        Add(parts, run.Updated, "updated");
        Add(parts, run.Moved, "moved");
        Add(parts, run.Removed, "removed");
        Add(parts, run.Errors, run.Errors == 1 ? "error" : "errors");
        return string.Join(", ", parts);
    }

    /// <summary>"0.2 s", or null while the scan has not ended.</summary>
    public static string? Took(LibraryScanRun run) =>
        run.EndedAt is { } end ? (end - run.StartedAt).TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture) : null;

    /// <summary>The scanner's message as a sentence, without the outcome it starts with (the badge shows that).</summary>
    public static string? Reason(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        var text = message;
        foreach (var prefix in ReasonPrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                text = text[prefix.Length..];
                break;
            }
        }

        text = char.ToUpperInvariant(text[0]) + text[1..];
        return text.EndsWith('.') ? text : text + ".";
    }

    private static void Add(List<string> parts, int count, string label)
    {
        if (count != 0)
        {
            parts.Add($"{count} {label}");
        }
    }
}
