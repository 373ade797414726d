namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>Filament length (mm), volume (cm³) and weight (g) from whichever statistic the slicer wrote.</summary>
internal static class FilamentMapper
{
    private const int MaxExtruderTrains = 16;

    public static FilamentUsage Map(SlicerValues values, ScanFacts facts, bool curaPlaceholder)
    {
        // Cura ";Filament used: 1.2m" and Slic3r "; filament used = 1383.1mm (3.3cm3)" / "= 4.1g": units decide the meaning.
        var mixed = curaPlaceholder ? default : FilamentUsage.Parse(values.AllOf("filament used"));

        var length = values.Sum("filament used [mm]", "total filament length [mm]")
            ?? values.Number("Filament length", "Material Length")
            ?? mixed.LengthMm
            ?? (facts.FilamentMmFromMoves > 0 ? facts.FilamentMmFromMoves : null);

        var weight = values.Number("total filament used [g]")
            ?? values.Sum("filament used [g]", "total filament weight [g]")
            ?? values.Number("Plastic weight", "Material Weight")
            ?? mixed.WeightG;

        return new FilamentUsage(length, Volume(values, mixed, length), weight);
    }

    private static double? Volume(SlicerValues values, FilamentUsage mixed, double? lengthMm)
    {
        if (values.Sum("filament used [cm3]") is { } prusa)
        {
            return prusa;
        }

        if (values.Sum("total filament volume [cm^3]") is { } bambu)
        {
            // Bambu Studio labels the value cm³ but writes mm³ (5320 mm × 2.405 mm² ≈ 12796): a 1.75–2.85 mm filament holds
            // 0.0024–0.0064 cm³ per mm, so a ratio above 0.5 can only be mm³.
            return lengthMm > 0 && bambu / lengthMm.Value > 0.5 ? bambu / 1000 : bambu;
        }

        if (values.Number("Plastic volume") is { } simplify3DMm3)
        {
            return simplify3DMm3 / 1000;
        }

        if (mixed.VolumeCm3 is { } volume)
        {
            return volume;
        }

        if (GriffinVolumeMm3(values) is { } griffin)
        {
            return griffin / 1000;
        }

        return lengthMm is { } length && length > 0 && values.Number("filament_diameter") is { } diameter && diameter > 0
            ? length * Math.PI * diameter * diameter / 4 / 1000
            : null;
    }

    private static double? GriffinVolumeMm3(SlicerValues values)
    {
        double? total = null;
        for (var train = 0; train < MaxExtruderTrains; train++)
        {
            if (values.Number($"EXTRUDER_TRAIN.{train}.MATERIAL.VOLUME_USED") is { } used)
            {
                total = (total ?? 0) + used;
            }
        }

        return total;
    }
}
