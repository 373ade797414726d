using System.Collections.Concurrent;
using System.IO.Enumeration;

namespace PrintStash.Ingestion.Libraries;

/// <summary>A printable file found on disk: its path relative to the root ('/'-separated), size and last-write time.</summary>
public readonly record struct WalkedFile(string RelativePath, long Size, long ModifiedTicks);

public sealed record WalkResult(List<WalkedFile> Files, List<string> Problems, int Folders, bool RootHasEntries, List<string> UnreadableFolders);

/// <summary>
/// Enumerates a volume without following symbolic links to folders (so loops cannot exist), with an explicit stack
/// (so depth costs no call stack), reporting folders it cannot read and names it cannot represent instead of failing.
/// One enumeration per folder reads name, size and mtime from the directory entry (no stat per file); folders are
/// shared by up to one worker per core, each taking the next folder from a common stack.
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

    /// <param name="rootFiles">Also read the files directly in the root, without descending into its folders.</param>
    /// <param name="workers">Threads sharing the folders (default one per core, at most 4); 1 walks on the calling thread only.</param>
    public static WalkResult Walk(string root, IReadOnlyList<string> startFolders, LibraryFilter filter, Action<int>? seen, CancellationToken cancellationToken,
        bool rootFiles = false, int? workers = null)
    {
        var walk = new SharedWalk(root, seen, cancellationToken);
        foreach (var start in startFolders)
        {
            walk.Pending.Push((start, filter, true));
        }

        if (rootFiles && !startFolders.Contains(string.Empty))
        {
            walk.Pending.Push((string.Empty, filter, false));
        }

        var threads = workers ?? Math.Clamp(Environment.ProcessorCount, 1, 4);
        var outputs = new List<WalkedFile>[threads];
        if (threads == 1)
        {
            outputs[0] = walk.Work();
        }
        else
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, i => outputs[i] = walk.Work());
        }

        cancellationToken.ThrowIfCancellationRequested();
        var files = new List<WalkedFile>(outputs.Sum(o => o.Count));
        foreach (var output in outputs)
        {
            files.AddRange(output);
        }

        seen?.Invoke(files.Count);
        walk.Problems.Sort(StringComparer.Ordinal);
        walk.Unreadable.Sort(StringComparer.Ordinal);
        return new WalkResult(files, walk.Problems, walk.Folders, walk.RootHasEntries, walk.Unreadable);
    }

    private sealed class SharedWalk(string root, Action<int>? seen, CancellationToken cancellationToken)
    {
        private int active;
        private int folders;
        private int filesSeen;

        public ConcurrentStack<(string Relative, LibraryFilter Filter, bool Recurse)> Pending { get; } = new();

        public List<string> Problems { get; } = [];

        public List<string> Unreadable { get; } = [];

        public bool RootHasEntries { get; private set; }

        public int Folders => Volatile.Read(ref folders);

        /// <summary>Takes folders until none is left and no other worker is still reading one (which could push more).</summary>
        public List<WalkedFile> Work()
        {
            var files = new List<WalkedFile>();
            var idle = new SpinWait();
            while (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref active);
                if (Pending.TryPop(out var folder))
                {
                    try
                    {
                        WalkFolder(folder.Relative, folder.Filter, folder.Recurse, files);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref active);
                    }

                    idle.Reset();
                    continue;
                }

                if (Interlocked.Decrement(ref active) == 0 && Pending.IsEmpty)
                {
                    break;
                }

                idle.SpinOnce();
            }

            return files;
        }

        private void WalkFolder(string relative, LibraryFilter folderFilter, bool recurse, List<WalkedFile> files)
        {
            var absolute = relative.Length == 0 ? root : Path.Combine(root, relative);
            Interlocked.Increment(ref folders);
            List<Entry> entries;
            try
            {
                entries = [.. new FileSystemEnumerable<Entry>(absolute, Read, Options)];
            }
            catch (DirectoryNotFoundException) when (relative.Length > 0)
            {
                return; // Deleted while we walked (or a scoped folder that is gone): its files are simply not seen.
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                lock (Unreadable)
                {
                    Unreadable.Add(relative);
                }

                Report($"{Display(relative)}: cannot be read ({Reason(ex)}); its files were left as they are");
                return;
            }

            if (relative.Length == 0 && entries.Count > 0)
            {
                RootHasEntries = true;
            }

            foreach (var entry in entries)
            {
                if (!entry.IsDirectory && entry.Name == LibraryFilter.IgnoreFileName)
                {
                    folderFilter = folderFilter.WithIgnoreFile(relative, ReadIgnoreFile(Path.Combine(absolute, LibraryFilter.IgnoreFileName)));
                    break;
                }
            }

            var before = files.Count;
            foreach (var entry in entries)
            {
                var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (entry.Name.Contains('\uFFFD'))
                {
                    Report($"{Display(path)}: the name is not valid UTF-8; rename it to index it");
                    continue;
                }

                if (entry.IsDirectory)
                {
                    if (entry.IsLink)
                    {
                        continue; // Never followed: a link back up would loop, a link elsewhere would leave the volume.
                    }

                    if (recurse && folderFilter.WalkFolder(entry.Name, path))
                    {
                        Pending.Push((path, folderFilter, true));
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
            }

            var added = files.Count - before;
            if (added > 0 && seen is not null)
            {
                var total = Interlocked.Add(ref filesSeen, added);
                if ((total >> 10) != ((total - added) >> 10))
                {
                    seen(total);
                }
            }
        }

        private void Report(string problem)
        {
            lock (Problems)
            {
                if (Problems.Count < MaxProblems)
                {
                    Problems.Add(problem);
                }
            }
        }
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

    private static string Display(string relative) => relative.Length == 0 ? "(root)" : relative;

    private static string Reason(Exception ex) => ex is UnauthorizedAccessException ? "permission denied" : ex.Message;

    private readonly record struct Entry(string Name, bool IsDirectory, bool IsLink, long Length, long ModifiedTicks);
}
