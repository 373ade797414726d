namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Zip entry names and OPC part references. Entry names that could escape a folder when extracted (zip-slip:
/// <c>..</c> segments, absolute paths, drive letters, backslashes, control characters) are refused; references are
/// resolved to entry names (no leading slash, percent-decoded, relative ones against the referring part's folder).
/// </summary>
internal static class PartNames
{
    public static bool IsSafeEntryName(string name)
    {
        if (name.Length == 0 || name[0] == '/' || name.Contains('\\', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        foreach (var segment in name.TrimEnd('/').Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Resolves <paramref name="reference"/> (a relationship target or <c>p:path</c>) seen in <paramref name="sourcePart"/>; null when unsafe.</summary>
    public static string? Resolve(string reference, string sourcePart)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(reference.Trim());
        }
        catch (UriFormatException)
        {
            return null;
        }

        var fragment = decoded.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            decoded = decoded[..fragment];
        }

        string combined;
        if (decoded.StartsWith('/'))
        {
            combined = decoded[1..];
        }
        else
        {
            var slash = sourcePart.LastIndexOf('/');
            combined = slash < 0 ? decoded : sourcePart[..(slash + 1)] + decoded;
        }

        return IsSafeEntryName(combined) ? combined : null;
    }

    /// <summary>The relationship part that belongs to <paramref name="part"/>: <c>3D/3dmodel.model</c> → <c>3D/_rels/3dmodel.model.rels</c>.</summary>
    public static string RelationshipsOf(string part)
    {
        var slash = part.LastIndexOf('/');
        return slash < 0 ? $"_rels/{part}.rels" : $"{part[..(slash + 1)]}_rels/{part[(slash + 1)..]}.rels";
    }
}
