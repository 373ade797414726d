namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Maps the raw values and scan facts of any slicer to <see cref="PrintMetadata"/>. Each value takes the most specific source
/// first (the slicer's own statistic or setting), then what commands and moves show; see the per-topic mappers.
/// Also used by the binary G-code reader, whose metadata blocks carry PrusaSlicer keys.
/// </summary>
internal static class PrintMetadataMapper
{
    public static PrintMetadata? Map(IReadOnlyDictionary<string, string> raw, ScanFacts facts)
    {
        var values = new SlicerValues(raw);
        var placeholder = CuraHeader.IsPlaceholder(values);
        var slicer = facts.Slicer ?? SlicerIdentity.FromGriffinHeader(values.Get("GENERATOR.NAME"), values.Get("GENERATOR.VERSION"));
        var filament = FilamentMapper.Map(values, facts, placeholder);
        var layers = LayerMapper.Map(values, facts, placeholder);
        var metadata = new PrintMetadata
        {
            EstimatedTime = TimeMapper.Map(values, facts, placeholder),
            FilamentLengthMm = filament.LengthMm,
            FilamentVolumeCm3 = filament.VolumeCm3,
            FilamentWeightG = filament.WeightG,
            FilamentType = values.Text("filament_type", "printMaterial", "Filament type"),
            LayerHeightMm = layers.LayerHeightMm,
            FirstLayerHeightMm = layers.FirstLayerHeightMm,
            LayerCount = layers.LayerCount,
            MaxZMm = layers.MaxZMm,
            NozzleTemperatureC = TemperatureMapper.Nozzle(values, facts),
            BedTemperatureC = TemperatureMapper.Bed(values, facts),
            Infill = Infill(values),
            NozzleDiameterMm = Positive(values.Number("nozzle_diameter", "EXTRUDER_TRAIN.0.NOZZLE.DIAMETER", "extruderDiameter")),
            PrinterModel = PrinterModel(values),
            Slicer = slicer?.Name,
            SlicerVersion = slicer?.Version,
        };

        return metadata == new PrintMetadata() ? null : metadata;
    }

    private static string? Infill(SlicerValues values)
    {
        if (values.Get("fill_density", "sparse_infill_density") is { } density)
        {
            return density;
        }

        return values.Number("infillPercentage") is { } percent ? FormattableString.Invariant($"{percent}%") : null;
    }

    private static string? PrinterModel(SlicerValues values)
    {
        var model = values.Get("printer_model", "TARGET_MACHINE.NAME", "printer_settings_id", "profileName");
        return model is null ? null : NumberText.Unquote(model) is { Length: > 0 } unquoted ? unquoted : null;
    }

    private static double? Positive(double? value) => value > 0 ? value : null;
}
