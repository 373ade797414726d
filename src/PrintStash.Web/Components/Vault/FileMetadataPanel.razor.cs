using Microsoft.AspNetCore.Components;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Web.Components.Vault;

public sealed partial class FileMetadataPanel
{
    private const int MaxObjects = 50;

    private FileFacts? facts;
    private List<(string Label, string Value)> printRows = [];
    private List<(string Label, string Value)> meshRows = [];
    private string? parsedJson;

    [Parameter, EditorRequired]
    public FileView File { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (facts is not null && ReferenceEquals(parsedJson, File.MetadataJson))
        {
            return;
        }

        parsedJson = File.MetadataJson;
        facts = FileFacts.Parse(File.MetadataJson);
        printRows = facts?.Print is { } print ? PrintRows(print) : [];
        meshRows = facts?.Mesh is { } mesh ? MeshRows(mesh) : [];
    }

    internal static List<(string Label, string Value)> PrintRows(PrintMetadata p)
    {
        var rows = new List<(string, string)>();
        Add(rows, "Estimated time", p.EstimatedTime is { } t ? $"{VaultFormat.Duration(t)} h" : null);
        Add(rows, "Filament", Filament(p));
        Add(rows, "Layer height", Millimetres(p.LayerHeightMm));
        Add(rows, "First layer", Millimetres(p.FirstLayerHeightMm));
        Add(rows, "Nozzle temperature", Celsius(p.NozzleTemperatureC));
        Add(rows, "Bed temperature", Celsius(p.BedTemperatureC));
        Add(rows, "Infill", p.Infill);
        Add(rows, "Layers", p.LayerCount is { } layers ? VaultFormat.Count(layers) : null);
        Add(rows, "Height (max Z)", Millimetres(p.MaxZMm));
        Add(rows, "Nozzle diameter", p.NozzleDiameterMm is { } d ? $"Ø {VaultFormat.Number(d)} mm" : null);
        Add(rows, "Printer", p.PrinterModel);
        Add(rows, "Slicer", p.Slicer is null ? null : string.Join(' ', new[] { p.Slicer, p.SlicerVersion }.Where(s => !string.IsNullOrWhiteSpace(s))));
        return rows;
    }

    internal static List<(string Label, string Value)> MeshRows(MeshMetadata m)
    {
        var rows = new List<(string, string)>();
        Add(rows, "Triangles", VaultFormat.Count(m.TriangleCount));
        if (m.Bounds is { } bounds)
        {
            var size = bounds.Size;
            Add(rows, "Size (X × Y × Z)", $"{VaultFormat.Number(size.X, "0.#")} × {VaultFormat.Number(size.Y, "0.#")} × {VaultFormat.Number(size.Z, "0.#")} mm");
        }

        Add(rows, "Volume", m.VolumeMm3 is { } volume ? $"{VaultFormat.Number(volume / 1000d)} cm³" : null);
        Add(rows, "Surface", m.SurfaceMm2 is { } surface ? $"{VaultFormat.Number(surface / 100d, "0.#")} cm²" : null);
        if (!string.IsNullOrWhiteSpace(m.Unit) && !m.Unit.Equals("millimeter", StringComparison.OrdinalIgnoreCase) && !m.Unit.Equals("mm", StringComparison.OrdinalIgnoreCase))
        {
            Add(rows, "Unit in the file", m.Unit);
        }

        return rows;
    }

    private static string? Filament(PrintMetadata p)
    {
        var parts = new List<string>();
        if (p.FilamentLengthMm is { } length)
        {
            parts.Add($"{VaultFormat.Number(length / 1000d)} m");
        }

        if (p.FilamentWeightG is { } weight)
        {
            parts.Add($"{VaultFormat.Number(weight, "0.#")} g");
        }

        if (!string.IsNullOrWhiteSpace(p.FilamentType))
        {
            parts.Add(p.FilamentType);
        }

        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }

    private static string? Millimetres(double? value) => value is { } v ? $"{VaultFormat.Number(v, "0.###")} mm" : null;

    private static string? Celsius(double? value) => value is { } v ? $"{VaultFormat.Number(v, "0.#")} °C" : null;

    private static void Add(List<(string, string)> rows, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            rows.Add((label, value));
        }
    }
}
