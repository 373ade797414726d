using System.IO.Enumeration;

namespace PrintStash.Ingestion.Libraries;

/// <summary>A printable file found on disk: its path relative to the root ('/'-separated), size and last-write time.</summary>
public readonly record struct WalkedFile(string RelativePath, long Size, long ModifiedTicks);

public sealed record WalkResult(List<WalkedFile> Files, List<string> Problems, int Folders, bool RootHasEntries, List<string> UnreadableFolders);

/// <summary>
/// Enumerates a volume without following symbolic links to folders (so loops cannot exist), with an explicit stack
/// (so depth costs no call stack), reporting folders it cannot read and names it cannot represent instead of failing.
/// </summary>
public static class TreeWalker
{
    public const int MaxProblems = 200;

    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    public static WalkResult Walk(string root, IReadOnlyList<string> startFolders, LibraryFilter filter, Action<int>? seen, CancellationToken cancellationToken)
    {
        var files = new List<WalkedFile>();
        var problems = new List<string>();
        var folders = 0;
        var rootHasEntries = false;
        var unreadable = new List<string>();
        var stack = new Stack<(string Relative, LibraryFilter Filter)>();
        foreach (var start in startFolders)
        {
            stack.Push((start, filter));
        }

        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (relative, folderFilter) = stack.Pop();
            var absolute = relative.Length == 0 ? root : Path.Combine(root, relative);
            folders++;
            List<Entry> entries;
            try
            {
                entries = [.. new FileSystemEnumerable<Entry>(absolute, Read, Options)];
            }
            catch (DirectoryNotFoundException) when (relative.Length > 0)
            {
                continue; // Deleted while we walked (or a scoped folder that is gone): its files are simply not seen.
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                unreadable.Add(relative);
                Report(problems, $"{Display(relative)}: cannot be read ({Reason(ex)}); its files were left as they are");
                continue;
            }

            if (relative.Length == 0 && entries.Count > 0)
            {
                rootHasEntries = true;
            }

            if (entries.Any(e => !e.IsDirectory && e.Name == LibraryFilter.IgnoreFileName))
            {
                folderFilter = folderFilter.WithIgnoreFile(relative, ReadIgnoreFile(Path.Combine(absolute, LibraryFilter.IgnoreFileName)));
            }

            foreach (var entry in entries)
            {
                var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (entry.Name.Contains('\uFFFD'))
                {
                    Report(problems, $"{Display(path)}: the name is not valid UTF-8; rename it to index it");
                    continue;
                }

                if (entry.IsDirectory)
                {
                    if (entry.IsLink)
                    {
                        continue; // Never followed: a link back up would loop, a link elsewhere would leave the volume.
                    }

                    if (folderFilter.WalkFolder(entry.Name, path))
                    {
                        stack.Push((path, folderFilter));
                    }

                    continue;
                }

                if (!folderFilter.IndexFile(entry.Name, path))
                {
                    continue;
                }

                if (entry.IsLink)
                {
                    // A link to a file: index what it points at, if that is a regular file.
                    var target = new FileInfo(Path.Combine(absolute, entry.Name));
                    if (!target.Exists || target.LinkTarget is null || File.ResolveLinkTarget(target.FullName, true) is not FileInfo { Exists: true } resolved)
                    {
                        continue;
                    }

                    files.Add(new WalkedFile(path, resolved.Length, resolved.LastWriteTimeUtc.Ticks));
                }
                else
                {
                    files.Add(new WalkedFile(path, entry.Length, entry.ModifiedTicks));
                }

                if ((files.Count & 1023) == 0)
                {
                    seen?.Invoke(files.Count);
                }
            }
        }

        seen?.Invoke(files.Count);
        return new WalkResult(files, problems, folders, rootHasEntries, unreadable);
    }

    private static Entry Read(ref FileSystemEntry entry) =>
        new(entry.FileName.ToString(), entry.IsDirectory, (entry.Attributes & FileAttributes.ReparsePoint) != 0,
            entry.IsDirectory ? 0 : entry.Length, entry.LastWriteTimeUtc.UtcTicks);

    private static IEnumerable<string> ReadIgnoreFile(string path)
    {
        try
        {
            return File.ReadLines(path).Take(1000).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static void Report(List<string> problems, string problem)
    {
        if (problems.Count < MaxProblems)
        {
            problems.Add(problem);
        }
    }

    private static string Display(string relative) => relative.Length == 0 ? "(root)" : relative;

    private static string Reason(Exception ex) => ex is UnauthorizedAccessException ? "permission denied" : ex.Message;

    private readonly record struct Entry(string Name, bool IsDirectory, bool IsLink, long Length, long ModifiedTicks);
}
