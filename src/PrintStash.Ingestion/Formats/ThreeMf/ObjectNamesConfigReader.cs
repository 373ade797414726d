using System.Globalization;
using System.Xml;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Object names kept outside the model XML: PrusaSlicer's <c>Metadata/Slic3r_PE_model.config</c>
/// (<c>&lt;metadata type="object" key="name"&gt;</c>) and Bambu/Orca's <c>Metadata/model_settings.config</c>
/// (<c>&lt;metadata key="name"&gt;</c> directly under <c>&lt;object id&gt;</c>). Keyed by root object id.
/// </summary>
internal static class ObjectNamesConfigReader
{
    private const int MaxNames = 10_000;
    private const int MaxNameChars = 256;

    public static Dictionary<int, string> Parse(Stream stream, long maxCharacters)
    {
        var names = new Dictionary<int, string>();
        using var reader = SafeXml.Create(stream, maxCharacters);
        int? objectId = null;
        var objectDepth = -1;
        while (reader.Read() && names.Count < MaxNames)
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "object")
            {
                objectId = null;
                continue;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.LocalName == "object")
            {
                objectId = int.TryParse(reader.GetAttribute("id"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;
                objectDepth = reader.Depth;
                if (reader.IsEmptyElement)
                {
                    objectId = null;
                }
            }
            else if (reader.LocalName == "metadata" && objectId is { } current && reader.Depth == objectDepth + 1
                && reader.GetAttribute("key") == "name" && reader.GetAttribute("type") is null or "object"
                && reader.GetAttribute("value") is { Length: > 0 } value && !names.ContainsKey(current))
            {
                names[current] = value.Length > MaxNameChars ? value[..MaxNameChars] : value;
            }
        }

        return names;
    }
}
