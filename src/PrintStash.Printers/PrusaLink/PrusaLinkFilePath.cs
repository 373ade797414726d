namespace PrintStash.Printers.PrusaLink;

/// <summary>Builds <c>api/v1/files/&lt;storage&gt;/&lt;path&gt;</c> from a user-facing file name, refusing names that escape.</summary>
internal static class PrusaLinkFilePath
{
    private static readonly string[] Printable = [".gcode", ".bgcode", ".gco", ".g"];

    /// <summary>Returns a refusal in words, or null with <paramref name="path"/> set.</summary>
    public static string? TryBuild(string storage, string fileName, out string path)
    {
        path = string.Empty;
        var name = (fileName ?? string.Empty).Replace('\\', '/').Trim();
        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (segments.Count > 1 && string.Equals(segments[0], storage, StringComparison.OrdinalIgnoreCase) && name.StartsWith('/'))
        {
            segments.RemoveAt(0); // "/usb/farm/x.bgcode" as the printer lists it
        }

        if (segments.Count == 0)
        {
            return "No file name given.";
        }

        if (segments.Any(s => s is "." or ".." || s.Any(char.IsControl)))
        {
            return $"'{fileName}' is not a valid file name on the printer.";
        }

        path = $"api/v1/files/{storage}/" + string.Join('/', segments.Select(Uri.EscapeDataString));
        return null;
    }

    public static bool IsPrintable(string fileName) =>
        Printable.Any(extension => fileName.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
}
