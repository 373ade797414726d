namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>Layer height, first layer height, layer count and maximum Z.</summary>
internal static class LayerMapper
{
    public sealed record Layers(double? LayerHeightMm, double? FirstLayerHeightMm, int? LayerCount, double? MaxZMm);

    public static Layers Map(SlicerValues values, ScanFacts facts, bool curaPlaceholder)
    {
        var layerHeight = Positive(values.Number("layer_height", "Layer height", "layerHeight"));
        var firstLayer = FirstLayerHeight(values, facts, layerHeight);
        var maxZ = MaxZ(values, facts, curaPlaceholder);
        return new Layers(layerHeight, firstLayer, LayerCount(values, facts, layerHeight, firstLayer, maxZ), maxZ);
    }

    private static double? FirstLayerHeight(SlicerValues values, ScanFacts facts, double? layerHeight)
    {
        // Old Slic3r/Prusa allowed "first_layer_height = 75%" (of layer_height).
        if (values.Get("first_layer_height") is { } first)
        {
            if (first.EndsWith('%') && NumberText.TryParseLeading(first, out var percent))
            {
                return layerHeight * percent / 100;
            }

            if (NumberText.TryParseFirst(first, out var absolute) && absolute > 0)
            {
                return absolute;
            }
        }

        if (Positive(values.Number("initial_layer_print_height")) is { } orca)
        {
            return orca;
        }

        if (values.Number("firstLayerHeightPercentage") is { } s3dPercent && layerHeight is { } s3dLayer)
        {
            return Math.Round(s3dLayer * s3dPercent / 100, 4);
        }

        // Cura writes no first layer height; the Z of the first move after ;LAYER:0 is it.
        return Positive(facts.FirstLayerZ);
    }

    private static double? MaxZ(SlicerValues values, ScanFacts facts, bool curaPlaceholder)
    {
        var header = curaPlaceholder ? null : Positive(values.Number("MAXZ", "PRINT.SIZE.MAX.Z"));
        return header
            ?? Positive(values.Number("max_z_height", "max_layer_z"))
            ?? facts.MaxLayerZ
            ?? facts.MaxExtrudingZ;
    }

    private static int? LayerCount(SlicerValues values, ScanFacts facts, double? layerHeight, double? firstLayer, double? maxZ)
    {
        if (values.Number("LAYER_COUNT", "total layer number", "total layers count") is { } declared && declared >= 1)
        {
            return (int)declared;
        }

        var counted = facts.TotalLayersFromMacro
            ?? facts.LayerChangeCount
            ?? (facts.LastCuraLayer >= 0 ? facts.LastCuraLayer + 1 : null)
            ?? facts.LastSimplify3DLayer;
        if (counted is not null)
        {
            return counted;
        }

        // PrusaSlicer writes no total; with uniform layers it follows from the top Z. Variable layer heights make the
        // quotient non-integral, and then no count is better than a wrong one.
        if (maxZ is { } top && layerHeight is { } height && top >= (firstLayer ?? height))
        {
            var layers = ((top - (firstLayer ?? height)) / height) + 1;
            var rounded = Math.Round(layers);
            return Math.Abs(layers - rounded) < 0.02 ? (int)rounded : null;
        }

        return null;
    }

    private static double? Positive(double? value) => value > 0 ? value : null;
}
