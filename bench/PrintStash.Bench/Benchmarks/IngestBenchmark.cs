using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using PrintStash.Bench.Support;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Storage;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// Ingestion throughput: ≥ 2 GiB of random-content files through IngestionPipeline.PersistAsync (hash + store + fsync
/// + committed row), against `openssl dgst -sha256` over the same files in the same run (before and after).
/// Target: pipeline ≥ 0.8× openssl's throughput.
/// </summary>
internal sealed class IngestBenchmark : IBenchmark
{
    private const double TargetRatio = 0.8;

    public string Name => "ingest";

    public string Description => "IngestionPipeline.PersistAsync over ≥ 2 GiB of files vs openssl dgst -sha256 (≥ 0.8×)";

    public bool IncludedInAll => false;

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var totalMiB = context.IntOption("--mib", 2048);
        var root = context.NewTempDir("ingest");
        try
        {
            var free = new DriveInfo(root).AvailableFreeSpace;
            var needed = (long)totalMiB * 4 << 20;
            if (free < needed)
            {
                Console.WriteLine($"  REFUSED: {Stats.Bytes(free)} free under {root}, {Stats.Bytes(needed)} needed (source files, two stores, staging).");
                context.Record("ingest", "≥ 0.8× openssl", "not run: disk too small", false);
                return;
            }

            var sourceDir = Path.Combine(root, "source");
            Directory.CreateDirectory(sourceDir);
            var generate = Stopwatch.StartNew();
            var files = await GenerateAsync(sourceDir, (long)totalMiB << 20, cancellationToken);
            var totalBytes = files.Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"  generated {files.Count} files, {Stats.Bytes(totalBytes)} in {Stats.Seconds(generate.Elapsed)} under {sourceDir}");
            Console.WriteLine($"  page cache before: {await CachedAsync(files, cancellationToken)} of the source files resident (fincore)");

            var table = new ResultTable("Run (same files, in this order)", "Time", "Throughput", "Note");
            var opensslBefore = await OpensslAsync(files, cancellationToken);
            table.Add("1. baseline: openssl dgst -sha256 (one process, all files)", Stats.Seconds(opensslBefore), Stats.MiBPerSecond(totalBytes, opensslBefore), "before");

            var copyDir = Path.Combine(root, "copy");
            var copy = await ProcessRunner.RunAsync("sh", ["-c", "cp -r \"$0\" \"$1\" && sync", sourceDir, copyDir], cancellationToken);
            Directory.Delete(copyDir, recursive: true);
            table.Add("   ceiling: cp -r of the same files + sync (bytes written durably, no hashing)", Stats.Seconds(copy.Elapsed), Stats.MiBPerSecond(totalBytes, copy.Elapsed), "disk write");

            var hashOnly = await HashOnlyAsync(files, cancellationToken);
            table.Add("2. attribution: .NET read + SHA-256 only (IncrementalHash, 1 MiB reads)", Stats.Seconds(hashOnly), Stats.MiBPerSecond(totalBytes, hashOnly), "no writes");

            // 3b: the same staging, then renamed into the blob store and kept (no database): the bytes stay on disk, as in run 4.
            TimeSpan stageCommit;
            List<(long Size, double Ms)> stageCommitPerFile;
            await using (var storeOnly = await VaultHost.CreateAsync(Path.Combine(root, "store-only")))
            {
                (stageCommit, stageCommitPerFile) = await StageOnlyAsync(storeOnly, files, cancellationToken, keep: true);
            }

            var dataDir = Path.Combine(root, "data");
            TimeSpan stageOnly;
            List<(long Size, double Ms)> stagePerFile;
            TimeSpan pipeline;
            int added;
            List<(long Size, double Ms)> perFile;
            List<Guid> modelIds;
            ResultTable attribution;
            var commands = new CommandCapture();
            var commits = new CommitCapture();
            await using (var vault = await VaultHost.CreateAsync(dataDir, commands, commits))
            {
                (stageOnly, stagePerFile) = await StageOnlyAsync(vault, files, cancellationToken);
                table.Add("3. attribution: BlobStore.StageAsync only (hash + write + fsync), then discarded", Stats.Seconds(stageOnly), Stats.MiBPerSecond(totalBytes, stageOnly), "no DB");
                table.Add("3b. attribution: BlobStore.StageAsync + Commit (rename into the store, kept)", Stats.Seconds(stageCommit), Stats.MiBPerSecond(totalBytes, stageCommit), "no DB");
                commands.Take();
                commits.Take();
                (pipeline, added, perFile, modelIds) = await PipelineAsync(vault, files, cancellationToken);
                var dbCommands = commands.Take();
                var dbCommits = commits.Take();
                attribution = await AttributeAsync(vault, modelIds, dbCommands, dbCommits, files.Count, cancellationToken);
            }

            table.Add("4. IngestionPipeline.PersistAsync, sequential (up to the committed row)", Stats.Seconds(pipeline), Stats.MiBPerSecond(totalBytes, pipeline), $"{added}/{files.Count} added");
            var opensslAfter = await OpensslAsync(files, cancellationToken);
            table.Add("5. baseline: openssl dgst -sha256 (one process, all files)", Stats.Seconds(opensslAfter), Stats.MiBPerSecond(totalBytes, opensslAfter), "after");
            table.Print();
            PrintPerFile("BlobStore.StageAsync only", stagePerFile);
            PrintPerFile("BlobStore.StageAsync + Commit", stageCommitPerFile);
            PrintPerFile("pipeline", perFile);
            Console.WriteLine("  Per-file work besides staging the bytes:");
            attribution.Print();
            Console.WriteLine($"  page cache after: {await CachedAsync(files, cancellationToken)} of the source files resident (fincore)");

            // Strict: compare with the faster of the two openssl runs.
            var best = opensslBefore < opensslAfter ? opensslBefore : opensslAfter;
            var ratio = best.TotalSeconds / pipeline.TotalSeconds;
            var pass = ratio >= TargetRatio && added == files.Count;
            Console.WriteLine($"  pipeline / openssl (faster run) = {Stats.Ratio(ratio)}  target ≥ {Stats.Ratio(TargetRatio)}  {(pass ? "PASS" : "MISS")}");
            Console.WriteLine($"  pipeline / store-only ceiling (3b: same bytes hashed, written, fsynced and kept, no database) = {Stats.Ratio(stageCommit.TotalSeconds / pipeline.TotalSeconds)}");
            Console.WriteLine($"  pipeline time beyond storing the bytes (run 4 − run 3b: rows, revision, sidecar, audit): {Stats.Seconds(pipeline - stageCommit)} over {files.Count} files " +
                $"= {Stats.Ms((pipeline - stageCommit).TotalMilliseconds / files.Count)} per file");
            context.Record("ingest: pipeline throughput vs openssl", "≥ 0.8× openssl", $"{Stats.MiBPerSecond(totalBytes, pipeline)} vs {Stats.MiBPerSecond(totalBytes, best)} = {Stats.Ratio(ratio)}", pass);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Large "STL"/G-code files of 1–50 MiB plus small ones of 1–256 KiB; every byte random (no dedupe, no compression).</summary>
    private static async Task<List<string>> GenerateAsync(string dir, long total, CancellationToken cancellationToken)
    {
        var random = new Random();
        var files = new List<string>();
        long written = 0;
        for (var i = 0; i < 200; i++)
        {
            var path = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"small_{i:000}.{(i % 2 == 0 ? "stl" : "gcode")}"));
            written += await RandomContent.WriteFileAsync(path, random.Next(1 << 10, 256 << 10), random, cancellationToken);
            files.Add(path);
        }

        for (var i = 0; written < total; i++)
        {
            var size = Math.Min(random.NextInt64(1L << 20, 50L << 20), Math.Max(1L << 20, total - written));
            var path = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"large_{i:000}.{(i % 2 == 0 ? "stl" : "gcode")}"));
            written += await RandomContent.WriteFileAsync(path, size, random, cancellationToken);
            files.Add(path);
        }

        return files;
    }

    private static async Task<TimeSpan> OpensslAsync(List<string> files, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("openssl", ["dgst", "-sha256", .. files], cancellationToken);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        if (!result.Succeeded || lines != files.Count)
        {
            throw new InvalidOperationException($"openssl failed (exit {result.ExitCode}, {lines} digests): {result.StandardError}");
        }

        return result.Elapsed;
    }

    private static async Task<TimeSpan> HashOnlyAsync(List<string> files, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        var stopwatch = Stopwatch.StartNew();
        foreach (var file in files)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var stream = OpenSource(file);
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            hash.GetHashAndReset();
        }

        return stopwatch.Elapsed;
    }

    private static async Task<(TimeSpan Elapsed, List<(long Size, double Ms)> PerFile)> StageOnlyAsync(VaultHost vault, List<string> files, CancellationToken cancellationToken, bool keep = false)
    {
        var blobs = vault.Get<BlobStore>();
        var perFile = new List<(long Size, double Ms)>();
        var stopwatch = Stopwatch.StartNew();
        var fileClock = new Stopwatch();
        foreach (var file in files)
        {
            fileClock.Restart();
            await using var stream = OpenSource(file);
            var staged = await blobs.StageAsync(stream, long.MaxValue, cancellationToken);
            if (keep)
            {
                blobs.Commit(staged);
            }
            else
            {
                blobs.Discard(staged);
            }

            perFile.Add((staged.Size, fileClock.Elapsed.TotalMilliseconds));
        }

        return (stopwatch.Elapsed, perFile);
    }

    /// <summary>The parts of PersistAsync after staging: database commands and commits (measured inside the run), sidecar and audit (re-run alone).</summary>
    private static async Task<ResultTable> AttributeAsync(
        VaultHost vault, List<Guid> modelIds, IReadOnlyList<CapturedCommand> commands, (long Count, TimeSpan Total) commits, int files, CancellationToken cancellationToken)
    {
        var table = new ResultTable("Part (per file)", "Time", "How measured");
        table.Add($"SQL commands ({commands.Count / (double)files:0.0} per file)", Stats.Ms(commands.Sum(c => c.Duration.TotalMilliseconds) / files), "EF CommandExecuted durations during run 4");
        table.Add($"explicit transaction commits ({commits.Count / (double)files:0.0} per file: the rows; the audit insert autocommits)", Stats.Ms(commits.Total.TotalMilliseconds / files), "EF TransactionCommitted durations during run 4");
        var sidecars = vault.Get<ModelSidecarWriter>();
        var audit = vault.Get<IAuditLog>();
        var actor = new AuditActor(vault.UserId, "bench", "127.0.0.1");
        var sidecarTimes = new List<double>();
        var auditTimes = new List<double>();
        var stopwatch = new Stopwatch();
        foreach (var id in modelIds.Take(50))
        {
            stopwatch.Restart();
            await sidecars.WriteAsync(id, cancellationToken);
            sidecarTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
            stopwatch.Restart();
            await audit.WriteAsync(actor, "bench.probe", "model", id.ToString(), new { probe = true }, cancellationToken);
            auditTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        table.Add("ModelSidecarWriter.WriteAsync (2 queries, JSON, fsync, rename)", Stats.Ms(Stats.Median(sidecarTimes)), "re-run alone on 50 models, median");
        table.Add("IAuditLog.WriteAsync (insert + commit)", Stats.Ms(Stats.Median(auditTimes)), "re-run alone 50 times, median");
        return table;
    }

    private static async Task<(TimeSpan Elapsed, int Added, List<(long Size, double Ms)> PerFile, List<Guid> ModelIds)> PipelineAsync(VaultHost vault, List<string> files, CancellationToken cancellationToken)
    {
        var pipeline = vault.Get<IngestionPipeline>();
        var actor = new AuditActor(vault.UserId, "bench", "127.0.0.1");
        var added = 0;
        var perFile = new List<(long Size, double Ms)>();
        var modelIds = new List<Guid>();
        var stopwatch = Stopwatch.StartNew();
        var fileClock = new Stopwatch();
        foreach (var file in files)
        {
            fileClock.Restart();
            await using var stream = OpenSource(file);
            var result = await pipeline.PersistAsync(new IngestRequest(stream, Path.GetFileName(file), new IngestTarget.NewModel(), actor, IngestOrigin.Api), cancellationToken);
            if (result.Outcome == IngestOutcome.Added)
            {
                added++;
                modelIds.Add(result.ModelId!.Value);
            }
            else
            {
                Console.WriteLine($"  {Path.GetFileName(file)}: {result.Outcome} {result.Message}");
            }

            perFile.Add((stream.Length, fileClock.Elapsed.TotalMilliseconds));
        }

        return (stopwatch.Elapsed, added, perFile, modelIds);
    }

    /// <summary>Fixed cost per file (small files) versus cost per byte (large files), to tell the two apart.</summary>
    private static void PrintPerFile(string label, List<(long Size, double Ms)> perFile)
    {
        var small = perFile.Where(f => f.Size < 1 << 20).ToList();
        var large = perFile.Where(f => f.Size >= 1 << 20).ToList();
        var firstTen = perFile.Take(10).Select(f => f.Ms.ToString("0", CultureInfo.InvariantCulture));
        Console.WriteLine($"  {label}: first 10 calls (ms) {string.Join(' ', firstTen)}");
        if (small.Count > 0)
        {
            Console.WriteLine($"  {label}: {small.Count} small files (< 1 MiB, mean {Stats.Bytes((long)small.Average(f => f.Size))}): median {Stats.Ms(Stats.Median(small.Skip(10).Select(f => f.Ms).ToList()))} per file (first 10 excluded)");
        }

        if (large.Count > 0)
        {
            var bytes = large.Sum(f => f.Size);
            var ms = large.Sum(f => f.Ms);
            Console.WriteLine($"  {label}: {large.Count} large files (1-50 MiB): {Stats.MiBPerSecond(bytes, TimeSpan.FromMilliseconds(ms))}, " +
                $"median {Stats.Ms(Stats.Median(large.Select(f => f.Ms / (f.Size / 1048576.0)).ToList()))} per MiB");
        }
    }

    private static FileStream OpenSource(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static async Task<string> CachedAsync(List<string> files, CancellationToken cancellationToken)
    {
        if (!ProcessRunner.Exists("fincore"))
        {
            return "unknown (no fincore)";
        }

        var result = await ProcessRunner.RunAsync("fincore", ["--bytes", "--noheadings", "--output", "RES,SIZE", .. files], cancellationToken);
        long resident = 0, size = 0;
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            resident += long.Parse(parts[0], CultureInfo.InvariantCulture);
            size += long.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        return size == 0 ? "unknown" : $"{Stats.Bytes(resident)} / {Stats.Bytes(size)} ({100.0 * resident / size:0}%)";
    }
}
