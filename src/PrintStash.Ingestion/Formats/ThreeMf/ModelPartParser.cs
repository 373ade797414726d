using System.Globalization;
using System.Xml;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Streams a 3MF model XML part with <see cref="XmlReader"/> (DTD prohibited, size bounded) into a <see cref="ModelPart"/>.
/// Unknown extensions are skipped; unreadable numbers become NaN vertices or dropped triangles, counted as malformed.
/// </summary>
internal static class ModelPartParser
{
    public const string ProductionNamespace = "http://schemas.microsoft.com/3dmanufacturing/production/2015/06";

    private const int MaxMetadataChars = 4096;
    private const int MaxMetadataEntries = 1000;
    private const int MaxNameChars = 256;

    /// <summary>Parses <paramref name="stream"/>; XML and limit errors propagate (the caller reports them).</summary>
    public static ModelPart Parse(Stream stream, string entryName, long maxCharacters, CancellationToken cancellationToken)
    {
        var part = new ModelPart(entryName);
        using var reader = SafeXml.Create(stream, maxCharacters);
        ModelObject? current = null;
        long nodes = 0;
        var hasNode = reader.Read();
        while (hasNode)
        {
            if ((++nodes & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "vertex" when current is not null:
                        ReadVertex(reader, current, part);
                        break;
                    case "triangle" when current is not null:
                        ReadTriangle(reader, current, part);
                        break;
                    case "model":
                        part.Unit = reader.GetAttribute("unit") ?? "millimeter";
                        break;
                    case "metadata" when reader.Depth == 1:
                        ReadMetadata(reader, part);
                        hasNode = !reader.EOF;
                        continue; // already on the next node
                    case "object":
                        current = StartObject(reader, part);
                        break;
                    case "component" when current is not null:
                        if (ReadReference(reader, "objectid", part) is { } component)
                        {
                            current.Components.Add(component);
                        }

                        break;
                    case "item":
                        if (ReadReference(reader, "objectid", part) is { } item)
                        {
                            part.BuildItems.Add(item);
                        }

                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "object")
            {
                current = null;
            }

            hasNode = reader.Read();
        }

        return part;
    }

    private static void ReadVertex(XmlReader reader, ModelObject current, ModelPart part)
    {
        var ok = TryFloat(reader.GetAttribute("x"), out var x)
            & TryFloat(reader.GetAttribute("y"), out var y)
            & TryFloat(reader.GetAttribute("z"), out var z);
        if (!ok)
        {
            part.MalformedElements++;
        }

        current.Vertices.Add(ok ? x : float.NaN);
        current.Vertices.Add(y);
        current.Vertices.Add(z);
    }

    private static void ReadTriangle(XmlReader reader, ModelObject current, ModelPart part)
    {
        if (TryInt(reader.GetAttribute("v1"), out var a) && TryInt(reader.GetAttribute("v2"), out var b) && TryInt(reader.GetAttribute("v3"), out var c))
        {
            current.Triangles.Add(a);
            current.Triangles.Add(b);
            current.Triangles.Add(c);
        }
        else
        {
            part.MalformedElements++;
        }
    }

    private static void ReadMetadata(XmlReader reader, ModelPart part)
    {
        var name = reader.GetAttribute("name");
        var value = reader.ReadElementContentAsString();
        if (name is not null && part.Metadata.Count < MaxMetadataEntries)
        {
            part.Metadata[name] = value.Length > MaxMetadataChars ? value[..MaxMetadataChars] : value;
        }
    }

    private static ModelObject? StartObject(XmlReader reader, ModelPart part)
    {
        if (!TryInt(reader.GetAttribute("id"), out var id))
        {
            part.MalformedElements++;
            return null;
        }

        var name = reader.GetAttribute("name");
        if (name is { Length: > MaxNameChars })
        {
            name = name[..MaxNameChars];
        }

        var modelObject = new ModelObject(id, string.IsNullOrWhiteSpace(name) ? null : name, reader.GetAttribute("type") ?? "model");
        if (!part.Objects.TryAdd(id, modelObject))
        {
            part.MalformedElements++;
            return null;
        }

        return modelObject;
    }

    private static ModelComponent? ReadReference(XmlReader reader, string idAttribute, ModelPart part)
    {
        var transform = AffineTransform.Parse(reader.GetAttribute("transform"));
        if (!TryInt(reader.GetAttribute(idAttribute), out var id) || transform is null)
        {
            part.MalformedElements++;
            return null;
        }

        var path = reader.GetAttribute("path", ProductionNamespace);
        string? target = null;
        if (!string.IsNullOrWhiteSpace(path))
        {
            target = PartNames.Resolve(path, part.EntryName);
            if (target is null)
            {
                part.MalformedElements++;
                return null;
            }
        }

        return new ModelComponent(id, target, transform.Value);
    }

    private static bool TryFloat(string? text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static bool TryInt(string? text, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}
