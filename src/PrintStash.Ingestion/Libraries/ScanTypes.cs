using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;

namespace PrintStash.Ingestion.Libraries;

/// <summary>
/// What a scan covers: the whole root, or some folders (relative, '/'-separated) and everything below them, and/or only
/// the files directly in the root (<see cref="RootFiles"/>: a file dropped in the root does not walk every folder).
/// </summary>
public sealed record LibraryScope(IReadOnlyList<string> Folders)
{
    /// <summary>The watcher's hint for "a file directly in the root changed"; never a relative path (those never start with '/').</summary>
    public const string RootFilesHint = "/";

    public static readonly LibraryScope Root = new([]);

    /// <summary>Only the files directly in the root, none of its folders.</summary>
    public static readonly LibraryScope RootFilesOnly = new([]) { RootFiles = true };

    /// <summary>The files directly in the root are covered (not recursive; with <see cref="Folders"/> empty, nothing else is).</summary>
    public bool RootFiles { get; init; }

    // Built on first use from Folders (rebuilt if a `with` gave the record other folders): Covers runs once per walked
    // and per indexed file, and a watcher burst can hand out thousands of folders.
    private FolderSet? folderSet;

    public bool IsRoot => Set.HasRoot || (Folders.Count == 0 && !RootFiles);

    public bool Covers(string relativePath) =>
        IsRoot || (RootFiles && !relativePath.Contains('/')) || IsUnder(Set.Folders, relativePath, includeSelf: true);

    private FolderSet Set
    {
        get
        {
            var set = folderSet;
            if (set is null || !ReferenceEquals(set.Source, Folders))
            {
                set = new FolderSet(Folders, new HashSet<string>(Folders, StringComparer.Ordinal), Folders.Any(f => f.Length == 0));
                folderSet = set;
            }

            return set;
        }
    }

    /// <summary>Whether <paramref name="path"/> (or, with <paramref name="includeSelf"/>, the path itself) lies in one of the folders: one lookup per level.</summary>
    private static bool IsUnder(HashSet<string> folders, string path, bool includeSelf)
    {
        if (folders.Count == 0)
        {
            return false;
        }

        var lookup = folders.GetAlternateLookup<ReadOnlySpan<char>>();
        var candidate = path.AsSpan();
        if (!includeSelf)
        {
            var parent = candidate.LastIndexOf('/');
            if (parent < 0)
            {
                return false;
            }

            candidate = candidate[..parent];
        }

        while (true)
        {
            if (lookup.Contains(candidate))
            {
                return true;
            }

            var slash = candidate.LastIndexOf('/');
            if (slash < 0)
            {
                return false;
            }

            candidate = candidate[..slash];
        }
    }

    /// <summary>The scope of the folders a watcher handed out: "" is the whole root, <see cref="RootFilesHint"/> the root's own files.</summary>
    public static LibraryScope FromHints(IReadOnlyCollection<string> hints) =>
        hints.Contains(string.Empty) ? Root : new LibraryScope([.. hints.Where(h => h != RootFilesHint)]) { RootFiles = hints.Contains(RootFilesHint) };

    /// <summary>Two scopes as one: the root swallows everything; nested folders collapse into their parent.</summary>
    public LibraryScope Merge(LibraryScope other)
    {
        if (IsRoot || other.IsRoot)
        {
            return Root;
        }

        var all = Folders.Concat(other.Folders).Distinct(StringComparer.Ordinal).OrderBy(f => f.Length).ToList();
        var kept = new List<string>();
        var keptSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in all)
        {
            if (!IsUnder(keptSet, folder, includeSelf: false))
            {
                kept.Add(folder);
                keptSet.Add(folder);
            }
        }

        return new LibraryScope(kept) { RootFiles = RootFiles || other.RootFiles };
    }

    public string Describe()
    {
        if (IsRoot)
        {
            return "whole volume";
        }

        var folders = Folders.Count <= 3 ? string.Join(", ", Folders) : $"{Folders.Count} folders";
        return !RootFiles ? folders : Folders.Count == 0 ? "files in the root" : "files in the root, " + folders;
    }
}

public sealed record ScanOptions(LibraryScanTrigger Trigger, AuditActor Actor)
{
    /// <summary>Apply removals a guard held back (the user confirmed the review), and accept a new mount identity.</summary>
    public bool Confirmed { get; init; }

    public bool QueueProcessing { get; init; } = true;
}

/// <summary>Live counters of a running scan, for the progress bar.</summary>
public sealed record ScanProgress(string Phase, int Seen, int ToHash, int Hashed, int Added, int Updated, int Moved, int Removed, int Errors);

public sealed record ScanReport(
    Guid RunId,
    LibraryScanOutcome Outcome,
    string? Message,
    int Seen,
    int Added,
    int Updated,
    int Moved,
    int Removed,
    int Errors,
    IReadOnlyList<string> PendingRemovals,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> ChangingFolders)
{
    /// <summary>How long each step took ("walked 0.210 s, hashed 0.400 s, …").</summary>
    public string Timings { get; init; } = string.Empty;
}

/// <summary>A scope's folders as a set, and whether one of them is the root.</summary>
internal sealed record FolderSet(IReadOnlyList<string> Source, HashSet<string> Folders, bool HasRoot);
