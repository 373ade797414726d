using PrintStash.Ingestion.Pipeline;

namespace PrintStash.Ingestion.Libraries;

public sealed record DiffResult(List<WalkedFile> ToHash, List<WalkedFile> Changed, List<IndexedFile> Returned, List<IndexedFile> Vanished);

public sealed record FileUpdate(Guid Id, string Hash, long Size, long ModifiedTicks, bool ContentChanged);

public sealed record FileMove(Guid Id, string OldPath, string NewPath, long Size, long ModifiedTicks);

public sealed record ScanPlan(List<InPlaceFile> Added, List<FileUpdate> Updated, List<FileMove> Moved, List<Guid> Returned, List<IndexedFile> Vanished);

/// <summary>The diff of a walk against the index: pure, so every rule of the scan is testable without a disk.</summary>
public static class LibraryDiff
{
    public static DiffResult Compute(Dictionary<string, IndexedFile> index, WalkResult walk, LibraryScope scope)
    {
        var toHash = new List<WalkedFile>();
        var changed = new List<WalkedFile>();
        var returned = new List<IndexedFile>();
        var seenLive = 0;
        foreach (var file in walk.Files)
        {
            if (!index.TryGetValue(file.RelativePath, out var known))
            {
                toHash.Add(file);
                continue;
            }

            if (known.Trashed)
            {
                continue; // Put in the trash by someone: stays there until purged (exclude globs hide it for good).
            }

            if (known.MissingSince is null && scope.Covers(known.Path))
            {
                seenLive++;
            }

            if (known.Size != file.Size || known.ModifiedTicks != file.ModifiedTicks)
            {
                toHash.Add(file);
                changed.Add(file);
            }
            else if (known.MissingSince is not null)
            {
                returned.Add(known);
            }
        }

        return new DiffResult(toHash, changed, returned, Vanished(index, walk, scope, seenLive));
    }

    /// <summary>
    /// Live indexed files in scope that the walk did not see (outside unreadable folders). Walked paths are unique, so when
    /// the walk saw as many live files in scope as the index holds, none vanished and no set of paths is built: the
    /// common rescan of an unchanged tree.
    /// </summary>
    private static List<IndexedFile> Vanished(Dictionary<string, IndexedFile> index, WalkResult walk, LibraryScope scope, int seenLive)
    {
        var liveInScope = index.Values.Count(f => !f.Trashed && f.MissingSince is null && scope.Covers(f.Path));
        if (seenLive == liveInScope)
        {
            return [];
        }

        var seen = new HashSet<string>(walk.Files.Count, StringComparer.Ordinal);
        foreach (var file in walk.Files)
        {
            seen.Add(file.RelativePath);
        }

        var unreadable = new LibraryScope(walk.UnreadableFolders);
        return index.Values
            .Where(f => !f.Trashed && f.MissingSince is null && scope.Covers(f.Path) && !seen.Contains(f.Path) && !(walk.UnreadableFolders.Count > 0 && unreadable.Covers(f.Path)))
            .ToList();
    }

    public static ScanPlan Plan(DiffResult diff, LibraryScanner.HashResult hashed, Dictionary<string, IndexedFile> index)
    {
        var changedPaths = diff.Changed.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var updates = new List<FileUpdate>();
        var candidates = new List<WalkedFile>();
        foreach (var file in diff.ToHash)
        {
            if (!hashed.Hashes.TryGetValue(file.RelativePath, out var hash))
            {
                continue; // Unreadable or still changing: left for a later scan.
            }

            if (changedPaths.Contains(file.RelativePath))
            {
                var known = index[file.RelativePath];
                updates.Add(new FileUpdate(known.Id, hash, file.Size, file.ModifiedTicks, !string.Equals(known.Hash, hash, StringComparison.Ordinal)));
            }
            else
            {
                candidates.Add(file);
            }
        }

        // A new path whose content matches a vanished (or already missing) file is that file, moved: same row, same history.
        var movable = MoveSources(diff, index)
            .GroupBy(f => f.Hash, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var moved = new List<FileMove>();
        var movedIds = new HashSet<Guid>();
        var added = new List<InPlaceFile>();
        foreach (var file in candidates)
        {
            var hash = hashed.Hashes[file.RelativePath];
            if (movable.TryGetValue(hash, out var sources) && sources.Count > 0)
            {
                var name = Path.GetFileName(file.RelativePath);
                var source = sources.FirstOrDefault(s => Path.GetFileName(s.Path) == name) ?? sources[0];
                sources.Remove(source);
                movedIds.Add(source.Id);
                moved.Add(new FileMove(source.Id, source.Path, file.RelativePath, file.Size, file.ModifiedTicks));
            }
            else
            {
                added.Add(new InPlaceFile(file.RelativePath, hash, file.Size, file.ModifiedTicks));
            }
        }

        var vanished = diff.Vanished.Where(f => !movedIds.Contains(f.Id)).ToList();
        return new ScanPlan(added, updates, moved, diff.Returned.Select(f => f.Id).ToList(), vanished);
    }

    /// <summary>The hashes a new file must have to be a move; a new file with any other hash is an add, decided as soon as it is hashed.</summary>
    public static HashSet<string> MoveHashes(DiffResult diff, Dictionary<string, IndexedFile> index) =>
        MoveSources(diff, index).Select(f => f.Hash).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The new (not changed) files to hash, whole model folders together in folder order, cut into batches of at least
    /// <paramref name="batchFiles"/> files: the scan hashes one batch while the pipeline writes the previous one.
    /// </summary>
    public static List<List<WalkedFile>> NewFileBatches(DiffResult diff, int batchFiles)
    {
        var changed = diff.Changed.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var batches = new List<List<WalkedFile>>();
        var batch = new List<WalkedFile>();
        foreach (var folder in diff.ToHash.Where(f => !changed.Contains(f.RelativePath))
                     .GroupBy(f => LibraryLayout.ModelFolder(f.RelativePath), StringComparer.Ordinal)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            batch.AddRange(folder.OrderBy(f => f.RelativePath, StringComparer.Ordinal));
            if (batch.Count >= batchFiles)
            {
                batches.Add(batch);
                batch = [];
            }
        }

        if (batch.Count > 0)
        {
            batches.Add(batch);
        }

        return batches;
    }

    private static IEnumerable<IndexedFile> MoveSources(DiffResult diff, Dictionary<string, IndexedFile> index) =>
        diff.Vanished.Concat(index.Values.Where(f => !f.Trashed && f.MissingSince is not null));
}
