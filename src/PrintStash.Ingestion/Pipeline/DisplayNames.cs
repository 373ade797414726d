using System.Text;

namespace PrintStash.Ingestion.Pipeline;

/// <summary>
/// Turns a name from outside (browser, API, slicer) into a display name: no directories, no control characters,
/// NFC, at most 255 characters with the extension kept. Display names are never used as storage paths.
/// </summary>
public static class DisplayNames
{
    public const int MaxLength = 255;

    public static string? Normalize(string? originalName)
    {
        if (string.IsNullOrWhiteSpace(originalName))
        {
            return null;
        }

        var name = originalName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!char.IsControl(c) && c is not ('<' or '>' or ':' or '"' or '|' or '?' or '*'))
            {
                builder.Append(c);
            }
        }

        name = builder.ToString().Normalize(NormalizationForm.FormC).Trim().Trim('.').Trim();
        if (name.Length == 0)
        {
            return null;
        }

        return name.Length <= MaxLength ? name : Shorten(name);
    }

    /// <summary>"bracket_v2.gcode.3mf" → "bracket_v2": the name a new model gets from its first file.</summary>
    public static string WithoutExtensions(string displayName)
    {
        const string GCode3mf = ".gcode.3mf";
        if (displayName.EndsWith(GCode3mf, StringComparison.OrdinalIgnoreCase) && displayName.Length > GCode3mf.Length)
        {
            return displayName[..^GCode3mf.Length];
        }

        var stem = Path.GetFileNameWithoutExtension(displayName);
        return stem.Length == 0 ? displayName : stem;
    }

    private static string Shorten(string name)
    {
        var extension = Path.GetExtension(name);
        if (extension.Length > 16)
        {
            extension = string.Empty;
        }

        var stem = name[..(MaxLength - extension.Length)];
        if (char.IsHighSurrogate(stem[^1]))
        {
            stem = stem[..^1];
        }

        return stem + extension;
    }
}
