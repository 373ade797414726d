using System.Globalization;
using System.Text.RegularExpressions;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Unit-aware reading of "filament used" values that mix units: Cura <c>1.26484m</c> or <c>1.2m, 0.3m</c>, Cura volumetric
/// <c>3042mm3</c>, Slic3r <c>1383.1mm (3.3cm3)</c> and <c>4.1g</c>. Amounts with the same unit are summed (one per extruder).
/// </summary>
internal readonly partial record struct FilamentUsage(double? LengthMm, double? VolumeCm3, double? WeightG)
{
    public bool IsZero => LengthMm is null or 0 && VolumeCm3 is null or 0 && WeightG is null or 0;

    public static FilamentUsage Parse(IEnumerable<string> values)
    {
        double? length = null, volume = null, weight = null;
        foreach (var value in values)
        {
            foreach (Match match in Amount().Matches(value))
            {
                var amount = double.Parse(match.Groups["n"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
                switch (match.Groups["u"].Value.ToLowerInvariant())
                {
                    case "m":
                        length = (length ?? 0) + (amount * 1000);
                        break;
                    case "mm":
                        length = (length ?? 0) + amount;
                        break;
                    case "cm3" or "cm^3" or "cc":
                        volume = (volume ?? 0) + amount;
                        break;
                    case "mm3" or "mm^3":
                        volume = (volume ?? 0) + (amount / 1000);
                        break;
                    case "g":
                        weight = (weight ?? 0) + amount;
                        break;
                    case "kg":
                        weight = (weight ?? 0) + (amount * 1000);
                        break;
                }
            }
        }

        return new FilamentUsage(length, volume, weight);
    }

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)\s*(?<u>mm\^?3|cm\^?3|cc|mm|m|kg|g)(?![a-z0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Amount();
}
