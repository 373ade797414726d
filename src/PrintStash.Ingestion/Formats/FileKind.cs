namespace PrintStash.Ingestion.Formats;

/// <summary>What a stored file is, by name and (where names lie) by content.</summary>
public enum FileKind
{
    Unknown = 0,
    Stl,
    Obj,
    ThreeMf,
    Step,
    Zip,
    GCode,
    GCode3mf,
    BGCode,
}

public static class FileKinds
{
    /// <summary>Mesh or project files a revision is built around.</summary>
    public static bool IsSource(this FileKind kind) => kind is FileKind.Stl or FileKind.Obj or FileKind.ThreeMf or FileKind.Step or FileKind.Zip;

    /// <summary>Sliced files a printer runs.</summary>
    public static bool IsPrintFile(this FileKind kind) => kind is FileKind.GCode or FileKind.GCode3mf or FileKind.BGCode;

    public static FileKind FromFileName(string fileName)
    {
        var name = fileName.ToLowerInvariant();
        if (name.EndsWith(".gcode.3mf", StringComparison.Ordinal))
        {
            return FileKind.GCode3mf;
        }

        return Path.GetExtension(name) switch
        {
            ".stl" => FileKind.Stl,
            ".obj" => FileKind.Obj,
            ".3mf" => FileKind.ThreeMf,
            ".step" or ".stp" => FileKind.Step,
            ".zip" => FileKind.Zip,
            ".gcode" or ".gco" or ".g" => FileKind.GCode,
            ".bgcode" => FileKind.BGCode,
            _ => FileKind.Unknown,
        };
    }
}
