using System.Globalization;
using System.Text.RegularExpressions;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Parses slicer durations: <c>1d 2h 3m 4s</c> (Prusa/Orca/Bambu), <c>1 hours 32 minutes</c> (Simplify3D), and plain seconds.
/// </summary>
internal static partial class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        double seconds = 0;
        var matched = false;
        foreach (Match part in UnitPart().Matches(text))
        {
            var amount = double.Parse(part.Groups["n"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
            seconds += amount * char.ToLowerInvariant(part.Groups["u"].Value[0]) switch
            {
                'd' => 86400,
                'h' => 3600,
                'm' => 60,
                _ => 1,
            };
            matched = true;
        }

        return matched && TryFromSeconds(seconds, out duration);
    }

    /// <summary>A plain number of seconds (<c>;TIME:1381</c>, <c>;TIME_ELAPSED:1381.22</c>).</summary>
    public static bool TryParseSeconds(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        return NumberText.TryParseLeading(text, out var seconds) && TryFromSeconds(seconds, out duration);
    }

    public static bool TryFromSeconds(double seconds, out TimeSpan duration)
    {
        // Anything beyond a year is a placeholder or garbage, not a print.
        var valid = double.IsFinite(seconds) && seconds >= 0 && seconds < 366 * 86400;
        duration = valid ? TimeSpan.FromSeconds(Math.Round(seconds)) : TimeSpan.Zero;
        return valid;
    }

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)\s*(?<u>d(?:ays?)?|h(?:ours?|rs?)?|m(?:in(?:ute)?s?)?|s(?:ec(?:ond)?s?)?)(?![a-z])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UnitPart();
}
