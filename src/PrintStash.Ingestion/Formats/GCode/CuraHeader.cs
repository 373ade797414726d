namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Standalone CuraEngine writes its header before slicing and never fixes it: <c>;TIME:6666</c>, <c>;Filament used: 0m</c>,
/// <c>;MINX:2.14748e+06</c> … <c>;MAXZ:-2.14748e+06</c> (Marlin flavour), <c>;PRINT.SIZE.MAX.*:0.01</c> and no time or volume
/// (Griffin flavour). Cura's GUI splices the real header in; files from the bare engine (or tools built on it) keep the placeholders.
/// </summary>
internal static class CuraHeader
{
    public static bool IsPlaceholder(SlicerValues values)
    {
        if (values.Number("MINZ") is { } minZ && values.Number("MAXZ") is { } maxZ && minZ > maxZ)
        {
            return true;
        }

        if (values.Get("Filament used") is { } used && FilamentUsage.Parse([used]).IsZero)
        {
            return true;
        }

        return values.Number("PRINT.SIZE.MAX.Z") is <= 0.011;
    }
}
