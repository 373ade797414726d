namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Nozzle and bed temperature. The slicer's main setting wins (<c>temperature</c>, Orca's <c>nozzle_temperature</c>, the
/// plate temperature Orca/Bambu select by <c>curr_bed_type</c>); without one (Cura, Slic3r-less files) the first heater command
/// of the start G-code is used, which is the first-layer target. First-layer settings are the last resort.
/// </summary>
internal static class TemperatureMapper
{
    private static readonly Dictionary<string, string> PlateKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Cool Plate"] = "cool_plate_temp",
        ["Engineering Plate"] = "eng_plate_temp",
        ["High Temp Plate"] = "hot_plate_temp",
        ["Textured PEI Plate"] = "textured_plate_temp",
        ["Textured Cool Plate"] = "textured_cool_plate_temp",
        ["Supertack Plate"] = "supertack_plate_temp",
    };

    public static double? Nozzle(SlicerValues values, ScanFacts facts) =>
        Positive(values.Number("temperature", "nozzle_temperature"))
        ?? Simplify3D(values, bed: false)
        ?? facts.NozzleFromCommands
        ?? facts.NozzleFromStartMacro
        ?? Positive(values.Number("EXTRUDER_TRAIN.0.INITIAL_TEMPERATURE", "first_layer_temperature", "nozzle_temperature_initial_layer"));

    public static double? Bed(SlicerValues values, ScanFacts facts) =>
        NonNegative(values.Number("bed_temperature"))
        ?? OrcaPlate(values)
        ?? Simplify3D(values, bed: true)
        ?? facts.BedFromCommands
        ?? facts.BedFromStartMacro
        ?? NonNegative(values.Number("BUILD_PLATE.INITIAL_TEMPERATURE", "first_layer_bed_temperature"));

    private static double? OrcaPlate(SlicerValues values)
    {
        var plate = values.Text("curr_bed_type");
        var selected = plate is not null && PlateKeys.TryGetValue(plate, out var key) ? NonNegative(values.Number(key)) : null;
        return selected ?? NonNegative(values.Number("hot_plate_temp"));
    }

    /// <summary>Simplify3D 4: <c>temperatureSetpointTemperatures,210,60</c> with <c>temperatureHeatedBed,0,1</c> telling which is the bed.</summary>
    private static double? Simplify3D(SlicerValues values, bool bed)
    {
        var setpoints = values.Get("temperatureSetpointTemperatures")?.Split(',', StringSplitOptions.TrimEntries);
        var heatedBed = values.Get("temperatureHeatedBed")?.Split(',', StringSplitOptions.TrimEntries);
        if (setpoints is null)
        {
            return null;
        }

        for (var i = 0; i < setpoints.Length; i++)
        {
            var isBed = heatedBed is not null && i < heatedBed.Length && heatedBed[i] == "1";
            if (isBed == bed && NumberText.TryParseLeading(setpoints[i], out var value) && (bed ? value >= 0 : value > 0))
            {
                return value;
            }
        }

        return null;
    }

    private static double? Positive(double? value) => value > 0 ? value : null;

    private static double? NonNegative(double? value) => value >= 0 ? value : null;
}
