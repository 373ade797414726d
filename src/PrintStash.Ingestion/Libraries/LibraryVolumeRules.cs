namespace PrintStash.Ingestion.Libraries;

/// <summary>
/// Where a volume root may be: an existing absolute folder that is not the data directory, not inside it, does not
/// contain it, and does not overlap another volume (one file must never be indexed twice or indexed from our own storage).
/// </summary>
public static class LibraryVolumeRules
{
    public static string Normalize(string path)
    {
        var full = Path.GetFullPath(path.Trim());
        return full.Length > 1 ? full.TrimEnd('/', Path.DirectorySeparatorChar) : full;
    }

    public static string? RootProblem(string? rootPath, string dataDir, IEnumerable<(string Name, string Root)> otherVolumes)
    {
        if (string.IsNullOrWhiteSpace(rootPath))
        {
            return "Give the folder to index, e.g. /mnt/nas/models.";
        }

        if (!Path.IsPathFullyQualified(rootPath.Trim()))
        {
            return $"'{rootPath}' is not an absolute path; give the full path, e.g. /mnt/nas/models.";
        }

        var root = Normalize(rootPath);
        if (File.Exists(root))
        {
            return $"{root} is a file, not a folder.";
        }

        if (!Directory.Exists(root))
        {
            return $"{root} does not exist or is not readable by the server (is the share mounted, and is the path the one inside the container?).";
        }

        var data = Normalize(dataDir);
        if (Overlaps(root, data))
        {
            return root == data
                ? $"{root} is PrintStash's own data directory; choose the folder where your models are."
                : IsInside(root, data)
                    ? $"{root} is inside PrintStash's data directory ({data}); choose a folder outside it."
                    : $"{root} contains PrintStash's data directory ({data}); choose a folder that does not.";
        }

        foreach (var (name, other) in otherVolumes)
        {
            var otherRoot = Normalize(other);
            if (Overlaps(root, otherRoot))
            {
                return root == otherRoot
                    ? $"The library '{name}' already indexes {otherRoot}."
                    : IsInside(root, otherRoot)
                        ? $"{root} is inside the library '{name}' ({otherRoot}); its files are indexed there already."
                        : $"{root} contains the library '{name}' ({otherRoot}); files would be indexed twice.";
            }
        }

        return null;
    }

    public static bool IsInside(string path, string parent) =>
        parent == "/" ? path != "/" : path.StartsWith(parent + "/", StringComparison.Ordinal);

    private static bool Overlaps(string a, string b) => a == b || IsInside(a, b) || IsInside(b, a);
}
