using System.Globalization;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// <see cref="PrintMetadata"/> of a sliced package (<c>.gcode.3mf</c>): <c>slice_info.config</c> first (time, weight,
/// filaments, printer), then the project settings (layer height, temperatures, infill), then whatever the embedded
/// G-code reader found for the rest (layer count, max Z…).
/// </summary>
internal static class SlicedPackageMetadata
{
    private static readonly Dictionary<string, string> BedTemperatureKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Cool Plate"] = "cool_plate_temp",
        ["Engineering Plate"] = "eng_plate_temp",
        ["High Temp Plate"] = "hot_plate_temp",
        ["Textured PEI Plate"] = "textured_plate_temp",
        ["Smooth PEI Plate"] = "hot_plate_temp",
        ["Supertack Plate"] = "supertack_plate_temp",
    };

    public static PrintMetadata? Build(SliceInfo? slice, IReadOnlyDictionary<string, string> config, IReadOnlyDictionary<string, string> modelMetadata, PrintMetadata? gcode)
    {
        var plates = slice?.Plates ?? [];
        var filaments = plates.SelectMany(p => p.Filaments).ToList();
        var (slicer, version) = Slicer(modelMetadata, slice);
        var metadata = new PrintMetadata
        {
            EstimatedTime = Sum(plates, "prediction") is { } seconds && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : gcode?.EstimatedTime,
            FilamentWeightG = Sum(plates, "weight") ?? SumOf(filaments.Select(f => f.UsedGrams)) ?? gcode?.FilamentWeightG,
            FilamentLengthMm = SumOf(filaments.Select(f => f.UsedMetres)) * 1000 ?? gcode?.FilamentLengthMm,
            FilamentVolumeCm3 = gcode?.FilamentVolumeCm3,
            FilamentType = Types(filaments) ?? First(config, "filament_type") ?? gcode?.FilamentType,
            PrinterModel = Text(config, "printer_model") ?? PlateText(plates, "printer_model_id") ?? gcode?.PrinterModel,
            NozzleDiameterMm = FirstNumber(PlateText(plates, "nozzle_diameters")) ?? FirstNumber(config, "nozzle_diameter") ?? gcode?.NozzleDiameterMm,
            LayerHeightMm = FirstNumber(config, "layer_height") ?? gcode?.LayerHeightMm,
            FirstLayerHeightMm = FirstNumber(config, "initial_layer_print_height") ?? FirstNumber(config, "first_layer_height") ?? gcode?.FirstLayerHeightMm,
            NozzleTemperatureC = FirstNumber(config, "nozzle_temperature") ?? FirstNumber(config, "temperature") ?? gcode?.NozzleTemperatureC,
            BedTemperatureC = BedTemperature(config) ?? gcode?.BedTemperatureC,
            Infill = Text(config, "sparse_infill_density") ?? Text(config, "fill_density") ?? gcode?.Infill,
            LayerCount = gcode?.LayerCount,
            MaxZMm = gcode?.MaxZMm,
            Slicer = slicer ?? gcode?.Slicer,
            SlicerVersion = version ?? gcode?.SlicerVersion,
        };

        return metadata == new PrintMetadata() ? null : metadata;
    }

    /// <summary>Splits <c>Application</c> metadata such as <c>BambuStudio-01.09.00.70</c> or <c>PrusaSlicer-2.5.0</c>.</summary>
    public static (string? Name, string? Version) Slicer(IReadOnlyDictionary<string, string> modelMetadata, SliceInfo? slice)
    {
        if (modelMetadata.TryGetValue("Application", out var application) && !string.IsNullOrWhiteSpace(application))
        {
            var dash = application.LastIndexOf('-');
            return dash > 0 && dash < application.Length - 1 && char.IsDigit(application[dash + 1])
                ? (application[..dash].Trim(), application[(dash + 1)..].Trim())
                : (application.Trim(), null);
        }

        if (slice is not null && slice.Header.TryGetValue("X-BBL-Client-Version", out var clientVersion))
        {
            var name = slice.Header.TryGetValue("X-BBL-Client-Name", out var clientName) ? clientName : "BambuStudio";
            return (name, clientVersion);
        }

        return (null, null);
    }

    private static double? Sum(IReadOnlyList<SlicedPlate> plates, string key) =>
        SumOf(plates.Select(p => p.Metadata.TryGetValue(key, out var text) ? SliceInfoReader.Number(text) : null));

    private static double? SumOf(IEnumerable<double?> values)
    {
        double? total = null;
        foreach (var value in values)
        {
            if (value is { } v)
            {
                total = (total ?? 0) + v;
            }
        }

        return total;
    }

    private static string? Types(List<SlicedFilament> filaments)
    {
        var types = filaments.Select(f => f.Type).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return types.Count == 0 ? null : string.Join(";", types);
    }

    private static string? PlateText(IReadOnlyList<SlicedPlate> plates, string key) =>
        plates.Select(p => p.Metadata.TryGetValue(key, out var v) ? v : null).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static string? Text(IReadOnlyDictionary<string, string> config, string key) =>
        config.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim().Trim('"') : null;

    private static string? First(IReadOnlyDictionary<string, string> config, string key) =>
        Text(config, key)?.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();

    private static double? FirstNumber(IReadOnlyDictionary<string, string> config, string key) => FirstNumber(Text(config, key));

    private static double? FirstNumber(string? text)
    {
        var first = text?.Split([';', ',', ' '], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
    }

    private static double? BedTemperature(IReadOnlyDictionary<string, string> config)
    {
        if (Text(config, "curr_bed_type") is { } bed && BedTemperatureKeys.TryGetValue(bed, out var key) && FirstNumber(config, key) is { } temperature)
        {
            return temperature;
        }

        return FirstNumber(config, "bed_temperature");
    }
}
