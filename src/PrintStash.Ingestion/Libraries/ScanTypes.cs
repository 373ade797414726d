using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;

namespace PrintStash.Ingestion.Libraries;

/// <summary>What a scan covers: the whole root, or some folders (relative, '/'-separated) and everything below them.</summary>
public sealed record LibraryScope(IReadOnlyList<string> Folders)
{
    public static readonly LibraryScope Root = new([]);

    public bool IsRoot => Folders.Count == 0 || Folders.Any(f => f.Length == 0);

    public bool Covers(string relativePath) =>
        IsRoot || Folders.Any(f => relativePath.StartsWith(f + "/", StringComparison.Ordinal) || relativePath == f);

    /// <summary>Two scopes as one: the root swallows everything; nested folders collapse into their parent.</summary>
    public LibraryScope Merge(LibraryScope other)
    {
        if (IsRoot || other.IsRoot)
        {
            return Root;
        }

        var all = Folders.Concat(other.Folders).Distinct(StringComparer.Ordinal).OrderBy(f => f.Length).ToList();
        var kept = new List<string>();
        foreach (var folder in all)
        {
            if (!kept.Any(k => folder.StartsWith(k + "/", StringComparison.Ordinal)))
            {
                kept.Add(folder);
            }
        }

        return new LibraryScope(kept);
    }

    public string Describe() => IsRoot ? "whole volume" : Folders.Count <= 3 ? string.Join(", ", Folders) : $"{Folders.Count} folders";
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
