using System.Globalization;
using System.Xml;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>Parses <c>Metadata/slice_info.config</c>.</summary>
internal static class SliceInfoReader
{
    private const int MaxPlates = 1000;
    private const int MaxItemsPerPlate = 1000;
    private const int MaxValueChars = 1024;

    public static SliceInfo Parse(Stream stream, long maxCharacters)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var plates = new List<SlicedPlate>();
        Dictionary<string, string>? metadata = null;
        List<string>? objects = null;
        List<SlicedFilament>? filaments = null;
        using var reader = SafeXml.Create(stream, maxCharacters);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "plate" && metadata is not null)
            {
                plates.Add(new SlicedPlate(metadata, objects!, filaments!));
                metadata = null;
                continue;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "header_item" when Key(reader) is { } key:
                    header[key] = Value(reader);
                    break;
                case "plate" when plates.Count < MaxPlates && !reader.IsEmptyElement:
                    metadata = new Dictionary<string, string>(StringComparer.Ordinal);
                    objects = [];
                    filaments = [];
                    break;
                case "metadata" when metadata is not null && metadata.Count < MaxItemsPerPlate && Key(reader) is { } key:
                    metadata[key] = Value(reader);
                    break;
                case "object" when objects is not null && objects.Count < MaxItemsPerPlate && reader.GetAttribute("name") is { } name:
                    objects.Add(Truncate(name));
                    break;
                case "filament" when filaments is not null && filaments.Count < MaxItemsPerPlate:
                    filaments.Add(new SlicedFilament(
                        reader.GetAttribute("id"),
                        NullIfEmpty(reader.GetAttribute("type")),
                        NullIfEmpty(reader.GetAttribute("color")),
                        Number(reader.GetAttribute("used_m")),
                        Number(reader.GetAttribute("used_g"))));
                    break;
            }
        }

        return new SliceInfo(header, plates);
    }

    public static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static string? Key(XmlReader reader) => NullIfEmpty(reader.GetAttribute("key"));

    private static string Value(XmlReader reader) => Truncate(reader.GetAttribute("value") ?? string.Empty);

    private static string Truncate(string value) => value.Length > MaxValueChars ? value[..MaxValueChars] : value;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
