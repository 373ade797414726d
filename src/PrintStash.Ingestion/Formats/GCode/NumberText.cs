using System.Globalization;
using System.Text.RegularExpressions;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>Culture-invariant number parsing for slicer values: leading numbers with units, per-extruder lists, quoted strings.</summary>
internal static partial class NumberText
{
    /// <summary>Parses the number at the start of <paramref name="text"/> (<c>0.45mm</c>, <c>20%</c>, <c>1.26484m</c>), ignoring what follows.</summary>
    public static bool TryParseLeading(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = LeadingNumber().Match(text);
        return match.Success
            && double.TryParse(match.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    /// <summary>The first entry of a per-extruder list (<c>215,240</c> or <c>"PLA";"PETG"</c>), unquoted; null when empty.</summary>
    public static string? FirstListItem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var item in text.Split([',', ';'], StringSplitOptions.TrimEntries))
        {
            var unquoted = item.Trim('"').Trim();
            if (unquoted.Length > 0)
            {
                return unquoted;
            }
        }

        return null;
    }

    public static bool TryParseFirst(string? text, out double value) => TryParseLeading(FirstListItem(text), out value);

    /// <summary>Sum of a comma-separated per-extruder list (<c>5123.92, 0.00</c>); false if any entry is not a number.</summary>
    public static bool TryParseSum(string? text, out double sum)
    {
        sum = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParseLeading(item, out var value))
            {
                return false;
            }

            sum += value;
        }

        return true;
    }

    public static string Unquote(string text) => text.Trim().Trim('"').Trim();

    [GeneratedRegex(@"^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingNumber();
}
