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
/// + committed row), against `openssl dgst -sha256` over the same files in the same run (before and after), with the
/// disk's own durable write rate (cp + sync, dd conv=fsync) beside it. Three ways in: streamed one at a time (an
/// upload), streamed several in flight (concurrent uploads), and handed over (a file already on the storage
/// filesystem, renamed into place). Target: pipeline ≥ 0.8× openssl's throughput.
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
        var inFlight = context.IntOption("--in-flight", 4);
        var root = context.NewTempDir("ingest");
        try
        {
            var free = new DriveInfo(root).AvailableFreeSpace;
            var needed = (long)totalMiB * 8 << 20;
            if (free < needed)
            {
                Console.WriteLine($"  REFUSED: {Stats.Bytes(free)} free under {root}, {Stats.Bytes(needed)} needed (source files, a hand-over copy, stores).");
                context.Record("ingest", "≥ 0.8× openssl", "not run: disk too small", false);
                return;
            }

            var sourceDir = Path.Combine(root, "source");
            Directory.CreateDirectory(sourceDir);
            var generate = Stopwatch.StartNew();
            var files = await GenerateAsync(sourceDir, (long)totalMiB << 20, cancellationToken);
            var totalBytes = files.Sum(f => new FileInfo(f).Length);
            // The files a hand-over run consumes: the same bytes, already on disk on the storage filesystem, as an
            // upload's temp file or a file dropped into an import folder would be. Made and synced before any timing.
            var handOverDir = Path.Combine(root, "handover");
            var handOverParallelDir = Path.Combine(root, "handover-parallel");
            await ProcessRunner.RunAsync("sh", ["-c", "cp -r \"$0\" \"$1\" && cp -r \"$0\" \"$2\" && sync", sourceDir, handOverDir, handOverParallelDir], cancellationToken);
            Console.WriteLine($"  generated {files.Count} files, {Stats.Bytes(totalBytes)} in {Stats.Seconds(generate.Elapsed)} under {sourceDir} (+ a synced copy for the hand-over run)");
            Console.WriteLine($"  page cache before: {await CachedAsync(files, cancellationToken)} of the source files resident (fincore)");

            var table = new ResultTable("Run (same files, in this order)", "Time", "Throughput", "× openssl (faster run)", "Note");
            var rows = new List<(string Run, TimeSpan Time, string Note)>();
            var opensslBefore = await OpensslAsync(files, cancellationToken);
            rows.Add(("1. baseline: openssl dgst -sha256 (one process, all files)", opensslBefore, "before"));

            var copyDir = Path.Combine(root, "copy");
            var copy = await ProcessRunner.RunAsync("sh", ["-c", "cp -r \"$0\" \"$1\" && sync", sourceDir, copyDir], cancellationToken);
            Directory.Delete(copyDir, recursive: true);
            rows.Add(("   disk: cp -r of the same files + one sync (no hashing)", copy.Elapsed, "write ceiling, one flush"));
            Directory.CreateDirectory(copyDir);
            var dd = await ProcessRunner.RunAsync("sh", ["-c", "for f in \"$0\"/*; do dd if=\"$f\" of=\"$1/${f##*/}\" bs=1M conv=fsync status=none || exit 1; done", sourceDir, copyDir], cancellationToken);
            Directory.Delete(copyDir, recursive: true);
            rows.Add(("   disk: dd bs=1M conv=fsync per file (no hashing, one dd process per file)", dd.Elapsed, "write ceiling, fsync per file"));

            var hashOnly = await HashOnlyAsync(files, cancellationToken);
            rows.Add(("2. .NET read + SHA-256 only (IncrementalHash, 1 MiB reads)", hashOnly, "no writes"));

            TimeSpan stageCommit;
            List<(long Size, double Ms)> stageCommitPerFile;
            await using (var storeOnly = await VaultHost.CreateAsync(Path.Combine(root, "store-only")))
            {
                (stageCommit, stageCommitPerFile) = await StageOnlyAsync(storeOnly, files, cancellationToken);
            }

            rows.Add(("3. BlobStore.StageAsync + Commit (hash, write, fsync, rename, dir fsync; no DB)", stageCommit, "store ceiling"));

            // 4: the upload path (bytes arrive as a stream and must be written), with attribution of the per-file work.
            var commands = new CommandCapture();
            var commits = new CommitCapture();
            PipelineRun streamed;
            ResultTable attribution;
            TimeSpan sidecarFlush;
            int sidecarsWritten;
            await using (var vault = await VaultHost.CreateAsync(Path.Combine(root, "data-stream"), commands, commits))
            {
                await WarmUpAsync(vault, root, cancellationToken);
                commands.Take();
                commits.Take();
                streamed = await PipelineAsync(vault, files, handOver: false, inFlight: 1, cancellationToken);
                attribution = Attribute(commands.Take(), commits.Take(), files.Count);
                var flush = Stopwatch.StartNew();
                sidecarsWritten = await vault.Get<SidecarOutbox>().FlushAsync(cancellationToken);
                sidecarFlush = flush.Elapsed;
            }

            rows.Add(("4. PersistAsync, streamed, one at a time (the upload path)", streamed.Elapsed, $"{streamed.Added}/{files.Count} added"));

            PipelineRun noDirSync;
            await using (var vault = await VaultHost.CreateAsync(Path.Combine(root, "data-nodirsync")))
            {
                vault.Get<BlobStore>().FlushDirectories = false;
                await WarmUpAsync(vault, root, cancellationToken);
                noDirSync = await PipelineAsync(vault, files, handOver: false, inFlight: 1, cancellationToken);
            }

            rows.Add(("4b. as 4, without the directory fsync after the rename", noDirSync.Elapsed, "attribution only"));

            PipelineRun parallel;
            await using (var vault = await VaultHost.CreateAsync(Path.Combine(root, "data-parallel")))
            {
                await WarmUpAsync(vault, root, cancellationToken);
                parallel = await PipelineAsync(vault, files, handOver: false, inFlight, cancellationToken);
            }

            rows.Add(($"5. PersistAsync, streamed, {inFlight} in flight (concurrent uploads)", parallel.Elapsed, $"{parallel.Added}/{files.Count} added"));

            PipelineRun handedOver;
            var handOverFiles = files.Select(f => Path.Combine(handOverDir, Path.GetFileName(f))).ToList();
            await using (var vault = await VaultHost.CreateAsync(Path.Combine(root, "data-handover")))
            {
                await WarmUpAsync(vault, root, cancellationToken);
                handedOver = await PipelineAsync(vault, handOverFiles, handOver: true, inFlight: 1, cancellationToken);
            }

            rows.Add(("6. PersistAsync, handed over (HandOverPath: renamed into storage), one at a time", handedOver.Elapsed, $"{handedOver.Added}/{files.Count} added, {handOverFiles.Count(File.Exists)} left behind"));

            PipelineRun handedOverParallel;
            var handOverParallelFiles = files.Select(f => Path.Combine(handOverParallelDir, Path.GetFileName(f))).ToList();
            await using (var vault = await VaultHost.CreateAsync(Path.Combine(root, "data-handover-parallel")))
            {
                await WarmUpAsync(vault, root, cancellationToken);
                handedOverParallel = await PipelineAsync(vault, handOverParallelFiles, handOver: true, inFlight, cancellationToken);
            }

            rows.Add(($"6b. PersistAsync, handed over, {inFlight} in flight", handedOverParallel.Elapsed, $"{handedOverParallel.Added}/{files.Count} added"));

            var opensslAfter = await OpensslAsync(files, cancellationToken);
            rows.Add(("7. baseline: openssl dgst -sha256 (one process, all files)", opensslAfter, "after"));

            // Strict: compare with the faster of the two openssl runs.
            var best = opensslBefore < opensslAfter ? opensslBefore : opensslAfter;
            foreach (var (run, time, note) in rows)
            {
                table.Add(run, Stats.Seconds(time), Stats.MiBPerSecond(totalBytes, time), Stats.Ratio(best.TotalSeconds / time.TotalSeconds), note);
            }

            table.Print();
            PrintPerFile("store only (3)", stageCommitPerFile);
            PrintPerFile("pipeline, streamed (4)", streamed.PerFile);
            PrintPerFile("pipeline, 4b", noDirSync.PerFile);
            PrintPerFile("pipeline, handed over (6)", handedOver.PerFile);
            PrintPerFile("pipeline, handed over in flight (6b)", handedOverParallel.PerFile);
            Console.WriteLine($"  warm-up (first call in each host, 1 KiB file, not counted): {string.Join(", ", warmUps.Select(ms => Stats.Ms(ms)))}");
            Console.WriteLine("  Per-file database work in run 4:");
            attribution.Print();
            Console.WriteLine($"  deferred, after run 4: SidecarOutbox.FlushAsync wrote {sidecarsWritten} sidecars in {Stats.Seconds(sidecarFlush)} = {Stats.Ms(sidecarFlush.TotalMilliseconds / Math.Max(1, sidecarsWritten))} each (background work, after the commit)");
            Console.WriteLine($"  page cache after: {await CachedAsync(files, cancellationToken)} of the source files resident (fincore)");

            var streamedRatio = best.TotalSeconds / streamed.Elapsed.TotalSeconds;
            var parallelRatio = best.TotalSeconds / parallel.Elapsed.TotalSeconds;
            var handOverRatio = best.TotalSeconds / handedOver.Elapsed.TotalSeconds;
            var handOverParallelRatio = best.TotalSeconds / handedOverParallel.Elapsed.TotalSeconds;
            var ddRatio = best.TotalSeconds / dd.Elapsed.TotalSeconds;
            Console.WriteLine($"  streamed (4) / openssl = {Stats.Ratio(streamedRatio)}; {inFlight} in flight (5) = {Stats.Ratio(parallelRatio)}; handed over (6) = {Stats.Ratio(handOverRatio)}; target ≥ {Stats.Ratio(TargetRatio)}");
            Console.WriteLine($"  streamed (4) / store ceiling (3) = {Stats.Ratio(stageCommit.TotalSeconds / streamed.Elapsed.TotalSeconds)}; disk alone (dd conv=fsync) / openssl = {Stats.Ratio(ddRatio)}");
            Console.WriteLine($"  directory fsync cost: {Stats.Ms((streamed.Elapsed - noDirSync.Elapsed).TotalMilliseconds / files.Count)} per file (4 − 4b)");
            context.Record("ingest: streamed (upload path), one at a time", "≥ 0.8× openssl",
                $"{Stats.MiBPerSecond(totalBytes, streamed.Elapsed)} vs {Stats.MiBPerSecond(totalBytes, best)} = {Stats.Ratio(streamedRatio)} (dd conv=fsync alone: {Stats.Ratio(ddRatio)})",
                streamedRatio >= TargetRatio && streamed.Added == files.Count);
            context.Record($"ingest: streamed, {inFlight} in flight", "≥ 0.8× openssl",
                $"{Stats.MiBPerSecond(totalBytes, parallel.Elapsed)} = {Stats.Ratio(parallelRatio)}", parallelRatio >= TargetRatio && parallel.Added == files.Count);
            context.Record("ingest: handed-over files (rename into storage)", "≥ 0.8× openssl",
                $"{Stats.MiBPerSecond(totalBytes, handedOver.Elapsed)} = {Stats.Ratio(handOverRatio)}", handOverRatio >= TargetRatio && handedOver.Added == files.Count);
            context.Record($"ingest: handed-over files, {inFlight} in flight", "≥ 0.8× openssl",
                $"{Stats.MiBPerSecond(totalBytes, handedOverParallel.Elapsed)} = {Stats.Ratio(handOverParallelRatio)}", handOverParallelRatio >= TargetRatio && handedOverParallel.Added == files.Count);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private readonly List<double> warmUps = [];

    /// <summary>One 1 KiB file through the pipeline before timing: JIT and the EF model, paid once per process, are not throughput.</summary>
    private async Task WarmUpAsync(VaultHost vault, string root, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var content = new MemoryStream(RandomNumberGenerator.GetBytes(1024));
        var result = await vault.Get<IngestionPipeline>().PersistAsync(
            new IngestRequest(content, "warm-up.stl", new IngestTarget.NewModel(), vault.Actor, IngestOrigin.Api), cancellationToken);
        if (result.Outcome != IngestOutcome.Added)
        {
            throw new InvalidOperationException($"warm-up under {root} failed: {result.Message}");
        }

        warmUps.Add(stopwatch.Elapsed.TotalMilliseconds);
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

    private static async Task<(TimeSpan Elapsed, List<(long Size, double Ms)> PerFile)> StageOnlyAsync(VaultHost vault, List<string> files, CancellationToken cancellationToken)
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
            await blobs.CommitAsync(staged);
            perFile.Add((staged.Size, fileClock.Elapsed.TotalMilliseconds));
        }

        return (stopwatch.Elapsed, perFile);
    }

    private static ResultTable Attribute(IReadOnlyList<CapturedCommand> commands, (long Count, TimeSpan Total) commits, int files)
    {
        var table = new ResultTable("Part (per file)", "Time", "How measured");
        table.Add($"SQL commands ({commands.Count / (double)files:0.0} per file)", Stats.Ms(commands.Sum(c => c.Duration.TotalMilliseconds) / files), "EF CommandExecuted durations during run 4");
        table.Add($"transaction commits ({commits.Count / (double)files:0.0} per file: rows + audit event + sidecar mark together)", Stats.Ms(commits.Total.TotalMilliseconds / files), "EF TransactionCommitted durations during run 4");
        return table;
    }

    private sealed record PipelineRun(TimeSpan Elapsed, int Added, List<(long Size, double Ms)> PerFile);

    private static async Task<PipelineRun> PipelineAsync(VaultHost vault, List<string> files, bool handOver, int inFlight, CancellationToken cancellationToken)
    {
        var pipeline = vault.Get<IngestionPipeline>();
        var actor = vault.Actor;
        var added = 0;
        var perFile = new List<(long Size, double Ms)>();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken }, async (file, token) =>
        {
            var fileClock = Stopwatch.StartNew();
            long size;
            IngestResult result;
            await using (var stream = OpenSource(file))
            {
                size = stream.Length;
                result = await pipeline.PersistAsync(
                    new IngestRequest(stream, Path.GetFileName(file), new IngestTarget.NewModel(), actor, IngestOrigin.Api) { HandOverPath = handOver ? file : null },
                    token);
            }

            lock (perFile)
            {
                if (result.Outcome == IngestOutcome.Added)
                {
                    added++;
                }
                else
                {
                    Console.WriteLine($"  {Path.GetFileName(file)}: {result.Outcome} {result.Message}");
                }

                perFile.Add((size, fileClock.Elapsed.TotalMilliseconds));
            }
        });

        return new PipelineRun(stopwatch.Elapsed, added, perFile);
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
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

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
