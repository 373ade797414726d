using System.Xml;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>Reads an OPC <c>.rels</c> part (e.g. <c>_rels/.rels</c>) into resolved relationships.</summary>
internal static class RelationshipsReader
{
    private const int MaxRelationships = 10_000;

    /// <param name="package">The package.</param>
    /// <param name="sourcePart">The part the relationships belong to ("" for the package itself).</param>
    /// <param name="limits">Size limits.</param>
    /// <param name="problems">Where problems go.</param>
    public static List<PackageRelationship> Read(SafeZipPackage package, string sourcePart, ThreeMfLimits limits, List<string> problems)
    {
        var relationships = new List<PackageRelationship>();
        var relsPart = sourcePart.Length == 0 ? "_rels/.rels" : PartNames.RelationshipsOf(sourcePart);
        using var stream = package.OpenPart(relsPart, limits.MaxAuxiliaryPartBytes, problems);
        if (stream is null)
        {
            return relationships;
        }

        try
        {
            using var reader = SafeXml.Create(stream, limits.MaxAuxiliaryPartBytes);
            while (reader.Read() && relationships.Count < MaxRelationships)
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Relationship")
                {
                    continue;
                }

                var type = reader.GetAttribute("Type");
                var target = reader.GetAttribute("Target");
                if (type is null || target is null || reader.GetAttribute("TargetMode") == "External")
                {
                    continue;
                }

                var resolved = PartNames.Resolve(target, sourcePart);
                if (resolved is null)
                {
                    problems.Add($"Relationship target '{target}' in '{relsPart}' is not a safe part name; it was ignored.");
                    continue;
                }

                relationships.Add(new PackageRelationship(type, resolved));
            }
        }
        catch (Exception ex) when (SafeZipPackage.IsContentError(ex))
        {
            problems.Add($"Relationships part '{relsPart}' is malformed: {ex.Message}");
        }

        return relationships;
    }
}
