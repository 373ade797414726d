namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>Turns package contents (and the embedded G-code analysis, if any) into a <see cref="FileAnalysis"/>.</summary>
internal static class ThreeMfAnalysis
{
    public static FileAnalysis Build(PackageContents contents, FileAnalysis? gcode, ThreeMfLimits limits, List<string> problems)
    {
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string value)
        {
            if (raw.Count < limits.MaxRawValues)
            {
                raw.TryAdd(key, value);
            }
        }

        foreach (var (name, value) in contents.ModelMetadata)
        {
            Add("3mf." + name, value);
        }

        foreach (var (key, value) in contents.SlicerConfig)
        {
            Add(key, value);
        }

        if (contents.SliceInfo is { } slice)
        {
            foreach (var (key, value) in slice.Header)
            {
                Add("slice_info." + key, value);
            }

            for (var i = 0; i < slice.Plates.Count; i++)
            {
                var plate = slice.Plates[i];
                var index = plate.Metadata.TryGetValue("index", out var text) ? text : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var (key, value) in plate.Metadata)
                {
                    Add($"slice_info.plate_{index}.{key}", value);
                }
            }
        }

        foreach (var (key, value) in gcode?.RawValues ?? new Dictionary<string, string>())
        {
            Add(key, value);
        }

        var sliced = contents.Kind == FileKind.GCode3mf;
        var print = sliced ? SlicedPackageMetadata.Build(contents.SliceInfo, contents.SlicerConfig, contents.ModelMetadata, gcode?.Print) : null;
        var mesh = contents.Model?.Mesh;
        if (sliced && mesh?.TriangleCount == 0)
        {
            mesh = null; // sliced packages often carry no mesh; that is not a fact worth storing
        }

        return new FileAnalysis(contents.Kind, print, mesh, contents.Thumbnails, contents.ObjectNames, raw, problems);
    }
}
