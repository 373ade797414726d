namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>3MF unit names and their size in millimetres.</summary>
internal static class ModelUnits
{
    public static double? ToMillimetres(string unit) => unit.ToLowerInvariant() switch
    {
        "micron" => 0.001,
        "millimeter" => 1.0,
        "centimeter" => 10.0,
        "inch" => 25.4,
        "foot" => 304.8,
        "meter" => 1000.0,
        _ => null,
    };
}
