using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Pipeline;

namespace PrintStash.Ingestion.Libraries;

/// <summary>
/// The one scan function every trigger calls (manual, schedule, watcher, review confirmation): guards, walk, diff
/// against the index (path + size + mtime; hashes only for new or changed files), then adds through the ingestion
/// pipeline and updates, moves and removals through the index writer. Removals only ever mark files missing;
/// rows are trashed after the volume's grace period, and the bytes in the volume are never touched.
/// </summary>
public sealed class LibraryScanner(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    IngestionPipeline pipeline,
    LibraryIndexWriter writer,
    TimeProvider time,
    ILogger<LibraryScanner> logger)
{
    /// <summary>Below this many vanished files the share guard never asks for review (deleting 1 of 3 files is normal).</summary>
    public const int ReviewFloor = 3;


    public string MountInfoPath { get; init; } = MountTable.DefaultPath;

    /// <summary>Files per pipeline batch (one transaction each); the next batch is hashed while one is written.</summary>
    internal int AddBatchFiles { get; set; } = 5000;

    /// <summary>Test seam: runs before each file is hashed (a test appends to a file here to play a copy in progress).</summary>
    internal Action<string>? BeforeHash { get; set; }

    public async Task<ScanReport> ScanLibraryAsync(LibraryVolume volume, LibraryScope scope, ScanOptions options, IProgress<ScanProgress>? progress, CancellationToken cancellationToken)
    {
        var run = await StartRunAsync(volume, scope, options, cancellationToken);
        var state = new ScanState(progress);
        try
        {
            var report = await ScanAsync(volume, scope, options, state, run.Id, cancellationToken);
            await FinishRunAsync(run.Id, report, state, CancellationToken.None);
            return report;
        }
        catch (OperationCanceledException)
        {
            var report = state.Report(run.Id, LibraryScanOutcome.Cancelled, "cancelled; what was applied before stays", [], []);
            await FinishRunAsync(run.Id, report, state, CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Scan of library {Volume} failed", volume.Name);
            var report = state.Report(run.Id, LibraryScanOutcome.Failed, $"failed: {ex.Message}", [], []);
            await FinishRunAsync(run.Id, report, state, CancellationToken.None);
            return report;
        }
    }

    private async Task<ScanReport> ScanAsync(LibraryVolume volume, LibraryScope scope, ScanOptions options, ScanState state, Guid runId, CancellationToken cancellationToken)
    {
        var root = volume.RootPath;
        if (File.Exists(root))
        {
            return Aborted(state, runId, $"the root {root} is a file, not a folder");
        }

        if (!Directory.Exists(root))
        {
            return Aborted(state, runId, $"the root {root} is missing (unmounted, renamed or deleted?)");
        }

        if (!string.IsNullOrWhiteSpace(volume.MarkerFile) && !File.Exists(Path.Combine(root, volume.MarkerFile)))
        {
            return Aborted(state, runId, $"the marker file '{volume.MarkerFile}' is missing from the root: this may not be the expected share");
        }

        var mount = MountTable.Find(root, MountInfoPath);
        if (mount is not null && volume.DeviceId is not null && volume.DeviceId != mount.Identity && !options.Confirmed)
        {
            return Aborted(state, runId, $"the filesystem under the root changed (was '{volume.DeviceId}', now '{mount.Identity}' mounted at {mount.MountPoint}); " +
                "if this is the right share, confirm in Libraries");
        }

        // The index is read from the database while the tree is walked: one is a database read, the other directory reads
        // on the other cores, and the diff needs both.
        state.Phase = "walking";
        var loading = Task.Run(async () =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            return (Index: await LibraryIndexSnapshot.LoadAsync(context, volume.Id, cancellationToken), clock.Elapsed);
        }, cancellationToken);
        var filter = new LibraryFilter(volume.IncludeGlobs, volume.ExcludeGlobs);
        var folders = scope.IsRoot ? (IReadOnlyList<string>)[string.Empty] : scope.Folders;
        var walking = Task.Run(() => TreeWalker.Walk(root, folders, filter, n => state.SetSeen(n), cancellationToken, rootFiles: !scope.IsRoot && scope.RootFiles), cancellationToken);
        await Task.WhenAll(loading, walking);
        var (index, loadTime) = await loading;
        var walk = await walking;
        state.SetSeen(walk.Files.Count);
        state.AddProblems(walk.Problems);

        state.Mark($"walked (index loaded meanwhile in {loadTime.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)} s)");
        var present = index.Values.Count(f => !f.Trashed && f.MissingSince is null);
        if ((scope.IsRoot || scope.RootFiles) && !walk.RootHasEntries && present > 0 && !options.Confirmed)
        {
            return NeedsReview(state, runId, $"the root is empty but {present} file{(present == 1 ? " is" : "s are")} indexed (is the share mounted?)",
                index.Values.Where(f => !f.Trashed && f.MissingSince is null).Select(f => f.Path));
        }

        var diff = LibraryDiff.Compute(index, walk, scope);
        var now = time.GetUtcNow().UtcDateTime;
        var owner = await OwnerAsync(cancellationToken);
        if (owner is null)
        {
            return Aborted(state, runId, "there is no active administrator to own library models");
        }

        state.Phase = "hashing";
        state.ToHash = diff.ToHash.Count;
        var hashed = await HashAndAddAsync(volume, root, options, diff, index, owner.Value, state, cancellationToken);
        state.Mark("hashed and added");

        // What is left needs every hash at once: changed files (updates) and new files that may be moves.
        var plan = LibraryDiff.Plan(diff with { ToHash = hashed.Deferred }, hashed.Result, index);
        state.Phase = "saving";
        await AddAsync(volume, options, plan.Added, owner.Value, state, cancellationToken);
        state.Updated = await writer.UpdateAsync(volume.Id, plan.Updated, options.QueueProcessing, now, cancellationToken);
        state.Moved = await writer.MoveAsync(volume.Id, owner.Value, plan.Moved, now, cancellationToken);
        await writer.ClearMissingAsync(plan.Returned, cancellationToken);

        var removalShare = present == 0 ? 0 : plan.Vanished.Count * 100.0 / present;
        if (plan.Vanished.Count >= ReviewFloor && removalShare > volume.MaxVanishPercent && !options.Confirmed)
        {
            return NeedsReview(state, runId,
                $"{plan.Vanished.Count} of {present} indexed files ({removalShare:0.#} %) vanished at once, more than the {volume.MaxVanishPercent:0.#} % allowed",
                plan.Vanished.Select(f => f.Path));
        }

        state.Removed = await writer.MarkMissingAsync(plan.Vanished.Select(f => f.Id).ToList(), now, cancellationToken);
        if (index.Values.Any(f => !f.Trashed && f.MissingSince is not null))
        {
            // Only rows already missing before this scan can have outlived the grace period (an UPDATE over the volume's rows otherwise).
            await writer.TrashExpiredAsync(volume, now, cancellationToken);
        }

        await writer.RememberMountAsync(volume.Id, mount?.Identity, cancellationToken);

        state.Mark("saved");
        var message = state.ProblemCount == 0 ? null : $"{state.ProblemCount} problem(s); first: {state.Problems[0]}";
        return state.Report(runId, LibraryScanOutcome.Completed, message, [], hashed.Result.ChangingFolders);
    }

    /// <summary>
    /// Hashes the new files batch by batch (whole model folders, folder order) and hands each batch to the pipeline while
    /// the next one is hashed: hashing is reading and SHA-256 on the other cores, the pipeline is one SQLite writer.
    /// A file whose hash matches a vanished or missing file may be a move and waits for the plan, with the changed files.
    /// </summary>
    private async Task<StreamedHashes> HashAndAddAsync(LibraryVolume volume, string root, ScanOptions options, DiffResult diff, Dictionary<string, IndexedFile> index,
        Guid owner, ScanState state, CancellationToken cancellationToken)
    {
        var hashes = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var changing = new SortedSet<string>(StringComparer.Ordinal);
        var deferred = new List<WalkedFile>(diff.Changed);
        var moveHashes = LibraryDiff.MoveHashes(diff, index);
        void Merge(HashResult result)
        {
            foreach (var (path, hash) in result.Hashes)
            {
                hashes[path] = hash;
            }

            changing.UnionWith(result.ChangingFolders);
        }

        Merge(await HashAsync(root, diff.Changed, state, cancellationToken));
        var batches = LibraryDiff.NewFileBatches(diff, AddBatchFiles);
        var first = batches.Count == 0 ? null : batches[0];
        var next = first is null ? null : Task.Run(() => HashAsync(root, first, state, cancellationToken), cancellationToken);
        try
        {
            for (var i = 0; i < batches.Count; i++)
            {
                var result = await next!;
                var following = i + 1 < batches.Count ? batches[i + 1] : null;
                next = following is null ? null : Task.Run(() => HashAsync(root, following, state, cancellationToken), cancellationToken);
                Merge(result);
                var added = new List<InPlaceFile>(batches[i].Count);
                foreach (var file in batches[i])
                {
                    if (!result.Hashes.TryGetValue(file.RelativePath, out var hash))
                    {
                        continue; // Unreadable or still changing: left for a later scan.
                    }

                    if (moveHashes.Contains(hash))
                    {
                        deferred.Add(file);
                    }
                    else
                    {
                        added.Add(new InPlaceFile(file.RelativePath, hash, file.Size, file.ModifiedTicks));
                    }
                }

                await AddAsync(volume, options, added, owner, state, cancellationToken);
            }
        }
        finally
        {
            if (next is not null)
            {
                // A failed write ends the scan; the batch being hashed is not used, but is not left running either.
                await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        return new StreamedHashes(new HashResult(hashes, [.. changing]), deferred);
    }

    private async Task AddAsync(LibraryVolume volume, ScanOptions options, List<InPlaceFile> added, Guid owner, ScanState state, CancellationToken cancellationToken)
    {
        var groups = added.GroupBy(f => LibraryLayout.ModelFolder(f.RelativePath), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new InPlaceModel(g.Key, LibraryLayout.ModelName(g.Key), g.ToList()));
        var batch = new List<InPlaceModel>();
        var count = 0;
        foreach (var group in groups)
        {
            batch.Add(group);
            count += group.Files.Count;
            if (count >= AddBatchFiles)
            {
                await PersistAsync(volume, options, owner, batch, state, cancellationToken);
                batch = [];
                count = 0;
            }
        }

        if (batch.Count > 0)
        {
            await PersistAsync(volume, options, owner, batch, state, cancellationToken);
        }
    }

    private async Task PersistAsync(LibraryVolume volume, ScanOptions options, Guid owner, List<InPlaceModel> batch, ScanState state, CancellationToken cancellationToken)
    {
        var result = await pipeline.PersistInPlaceAsync(
            new InPlaceRequest(volume.Id, volume.Name, owner, options.Actor, batch) { QueueProcessing = options.QueueProcessing }, cancellationToken);
        state.Added += result.Added;
        state.AddProblems(result.Rejected.Select(r => $"{r.RelativePath}: {r.Reason}"));
        state.Publish();
    }

    private async Task<HashResult> HashAsync(string root, List<WalkedFile> files, ScanState state, CancellationToken cancellationToken)
    {
        var hashes = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var problems = new ConcurrentBag<string>();
        var changing = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        if (files.Count == 0)
        {
            return new HashResult(hashes, []);
        }

        await Parallel.ForEachAsync(files, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) },
            (file, ct) =>
            {
                BeforeHash?.Invoke(file.RelativePath);
                var outcome = ContentHasher.Hash(Path.Combine(root, file.RelativePath), file.Size, file.ModifiedTicks, ct);
                if (outcome.Hash is not null)
                {
                    hashes[file.RelativePath] = outcome.Hash;
                }
                else
                {
                    problems.Add($"{file.RelativePath}: {outcome.Problem}");
                    if (outcome.Unstable)
                    {
                        changing.TryAdd(LibraryLayout.ParentFolder(file.RelativePath), 0);
                    }
                }

                state.CountHashed();
                return ValueTask.CompletedTask;
            });
        state.Publish();
        state.AddProblems(problems.Order(StringComparer.Ordinal));
        return new HashResult(hashes, [.. changing.Keys.Order(StringComparer.Ordinal)]);
    }

    private async Task<Guid?> OwnerAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Users.Active().Where(u => u.Role == UserRole.Admin).OrderBy(u => u.CreatedAt).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private static ScanReport Aborted(ScanState state, Guid runId, string reason) =>
        state.Report(runId, LibraryScanOutcome.Aborted, "aborted: " + reason, [], []);

    private static ScanReport NeedsReview(ScanState state, Guid runId, string reason, IEnumerable<string> paths) =>
        state.Report(runId, LibraryScanOutcome.NeedsReview, "review removals: " + reason, [.. paths.Order(StringComparer.Ordinal)], []);

    private async Task<LibraryScanRun> StartRunAsync(LibraryVolume volume, LibraryScope scope, ScanOptions options, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Start times order the history ("last scan"); keep them strictly increasing even when the clock is coarse.
        var now = time.GetUtcNow().UtcDateTime;
        var previous = await context.LibraryScanRuns.Where(r => r.VolumeId == volume.Id).MaxAsync(r => (DateTime?)r.StartedAt, cancellationToken);
        var run = new LibraryScanRun
        {
            Id = Guid.NewGuid(),
            VolumeId = volume.Id,
            Trigger = options.Trigger,
            Scope = Truncate(scope.Describe(), 1000)!,
            StartedAt = previous is { } p && p >= now ? p.AddMilliseconds(1) : now,
            Outcome = LibraryScanOutcome.Running,
        };
        context.LibraryScanRuns.Add(run);
        await context.SaveChangesAsync(cancellationToken);
        return run;
    }

    private async Task FinishRunAsync(Guid runId, ScanReport report, ScanState state, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await context.LibraryScanRuns.FirstAsync(r => r.Id == runId, cancellationToken);
        run.EndedAt = time.GetUtcNow().UtcDateTime;
        run.Seen = report.Seen;
        run.Added = report.Added;
        run.Updated = report.Updated;
        run.Moved = report.Moved;
        run.Removed = report.Removed;
        run.Errors = report.Errors;
        run.Outcome = report.Outcome;
        run.Message = Truncate(report.Message, 1000);
        run.ErrorDetails = Truncate(state.Problems.Count == 0 ? null : string.Join('\n', state.Problems), 20_000);
        run.PendingRemovals = report.PendingRemovals.Count == 0 ? null : string.Join('\n', report.PendingRemovals.Take(LibraryReview.MaxListed));
        await context.SaveChangesAsync(cancellationToken);
        if (report.Outcome is LibraryScanOutcome.Aborted or LibraryScanOutcome.NeedsReview)
        {
            logger.LogWarning("Library scan of {Volume}: {Message}", run.VolumeId, report.Message);
        }
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    public sealed record HashResult(ConcurrentDictionary<string, string> Hashes, IReadOnlyList<string> ChangingFolders);

    /// <param name="Deferred">Hashed files the plan still decides on: changed files, and new files that may be moves.</param>
    private sealed record StreamedHashes(HashResult Result, List<WalkedFile> Deferred);

    private sealed class ScanState(IProgress<ScanProgress>? progress)
    {
        private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly List<string> timings = [];
        private TimeSpan lastMark;
        private int seen;
        private int hashed;

        public string Phase { get; set; } = "starting";

        public int ToHash { get; set; }

        public int Added { get; set; }

        public int Updated { get; set; }

        public int Moved { get; set; }

        public int Removed { get; set; }

        public List<string> Problems { get; } = [];

        public int ProblemCount { get; private set; }

        public void SetSeen(int value)
        {
            Volatile.Write(ref seen, value);
            Publish();
        }

        public void CountHashed()
        {
            if ((Interlocked.Increment(ref hashed) & 255) == 0)
            {
                Publish();
            }
        }

        public void AddProblems(IEnumerable<string> problems)
        {
            lock (Problems)
            {
                foreach (var problem in problems)
                {
                    ProblemCount++;
                    if (Problems.Count < TreeWalker.MaxProblems)
                    {
                        Problems.Add(problem);
                    }
                }
            }
        }

        /// <summary>Records how long the step that just ended took ("walked 0.21 s"), for logs and the benchmark.</summary>
        public void Mark(string step)
        {
            var now = clock.Elapsed;
            timings.Add($"{step} {(now - lastMark).TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)} s");
            lastMark = now;
        }

        public void Publish() => progress?.Report(new ScanProgress(Phase, Volatile.Read(ref seen), ToHash, Volatile.Read(ref hashed), Added, Updated, Moved, Removed, ProblemCount));

        public ScanReport Report(Guid runId, LibraryScanOutcome outcome, string? message, IReadOnlyList<string> pendingRemovals, IReadOnlyList<string> changing)
        {
            Phase = "done";
            Publish();
            return new ScanReport(runId, outcome, message, Volatile.Read(ref seen), Added, Updated, Moved, Removed, ProblemCount, pendingRemovals, [.. Problems], changing)
            {
                Timings = string.Join(", ", timings),
            };
        }
    }
}
