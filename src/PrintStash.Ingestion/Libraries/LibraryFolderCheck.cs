using System.Globalization;

namespace PrintStash.Ingestion.Libraries;

public enum FolderCheckStatus
{
    /// <summary>The folder can be added and holds printable files.</summary>
    Ok,

    /// <summary>The folder can be added, but something deserves a look first (nothing printable in it yet).</summary>
    Warning,

    /// <summary>The folder cannot be added; the message says why.</summary>
    Problem,
}

/// <summary>What "Check folder" tells an admin before saving a library.</summary>
public sealed record FolderCheckResult(FolderCheckStatus Status, string Message);

/// <summary>
/// A quick look into a folder before it becomes a library: how many printable files and folders it holds (counted up to
/// a bound, so a huge share answers at once) and the filesystem under it. Symbolic links are not followed, unreadable
/// folders are skipped: this is a preview, the scan reports problems in full.
/// </summary>
public static class LibraryFolderCheck
{
    public const int MaxEntries = 10_000;

    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Looks into <paramref name="root"/>, a folder that passed <see cref="LibraryVolumeRules.RootProblem"/>.</summary>
    public static FolderCheckResult Look(string root, string mountInfoPath, CancellationToken cancellationToken)
    {
        var filter = new LibraryFilter(null, null);
        var printable = 0;
        var folders = 0;
        var entries = 0;
        try
        {
            foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", Walk))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++entries > MaxEntries)
                {
                    break;
                }

                if (entry is DirectoryInfo)
                {
                    folders++;
                }
                else if (filter.IndexPath(Path.GetRelativePath(root, entry.FullName).Replace('\\', '/')))
                {
                    printable++;
                }
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return new FolderCheckResult(FolderCheckStatus.Problem, $"{root} cannot be read by the server ({ex.Message}).");
        }

        var mount = MountTable.Find(root, mountInfoPath);
        var fileSystem = mount is null ? "Filesystem unknown." : $"Filesystem: {mount.Kind}.";
        var network = mount?.IsNetwork == true
            ? " Changes made on other machines raise no events here: the schedule keeps it current."
            : string.Empty;
        var more = entries > MaxEntries ? "at least " : string.Empty;
        if (printable == 0)
        {
            var seen = entries > MaxEntries ? $"the first {MaxEntries.ToString("N0", CultureInfo.InvariantCulture)} entries hold" : "it holds";
            return new FolderCheckResult(FolderCheckStatus.Warning,
                $"The folder is readable, but {seen} no printable files (.stl, .3mf, .obj, .step, .gcode, .bgcode) yet. {fileSystem}{network}");
        }

        return new FolderCheckResult(FolderCheckStatus.Ok,
            $"Found {more}{Count(printable, "printable file")} in {more}{Count(folders + 1, "folder")}. {fileSystem}{network}");
    }

    private static string Count(int count, string noun) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(count == 1 ? string.Empty : "s")}";
}
