using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PrintStash.Bench.Support;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Libraries;
using PrintStash.Ingestion.Processing;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// The shared-folder scan on a mixed tree of real printable files: copies of the corpus (G-code, STL, 3MF, OBJ, …) in
/// model folders of three, up to the size asked for. The cold index here includes thumbnails and metadata (the files are
/// real, so the processing queue is drained with the worker's concurrency), next to `find` of the same tree.
/// </summary>
internal static class LibrariesMixedTree
{
    private const int FilesPerFolder = 3;

    public static async Task RunAsync(BenchContext context, double gibibytes, string work, ResultTable table, CancellationToken cancellationToken)
    {
        var root = Path.Combine(work, "mixed");
        var generate = Stopwatch.StartNew();
        var (files, bytes) = Generate(Path.Combine(context.CorpusDir, "files"), root, (long)(gibibytes * 1024 * 1024 * 1024));
        Console.WriteLine($"  mixed tree: {Stats.Int(files)} files, {Stats.MiB(bytes)} in {Stats.Int((files + FilesPerFolder - 1) / FilesPerFolder)} folders, written in {Stats.Seconds(generate.Elapsed)}");

        await using var vault = await VaultHost.CreateAsync(Path.Combine(work, "mixed-data"));
        var created = await vault.Get<LibraryVolumeService>().CreateAsync(
            new LibraryVolumeInput("Mixed", root, WatchMode: LibraryWatchMode.Never, Schedule: null), vault.Actor, cancellationToken);
        var volumeId = created.Id ?? throw new InvalidOperationException(string.Join("; ", created.Problems.Values));
        var scanner = vault.Get<LibraryScanner>();
        var load = SystemLoad.Describe();

        var cold = await LibrariesBenchmark.ScanAsync(vault, scanner, volumeId, cancellationToken);
        Console.WriteLine($"  mixed cold index steps: {cold.Report.Timings}");
        var processing = await ProcessAllAsync(vault, cancellationToken);
        var total = cold.Elapsed + processing.Elapsed;
        table.Add($"mixed {gibibytes:0.#} GiB: cold index, rows + hashes", Stats.Int(cold.Report.Added), Stats.Seconds(cold.Elapsed),
            LibrariesBenchmark.Rate(cold.Report.Added / cold.Elapsed.TotalSeconds), $"{Stats.MiBPerSecond(bytes, cold.Elapsed)}; {cold.Report.Outcome}");
        table.Add($"mixed {gibibytes:0.#} GiB: thumbnails + metadata", Stats.Int(processing.Files), Stats.Seconds(processing.Elapsed),
            LibrariesBenchmark.Rate(processing.Files / processing.Elapsed.TotalSeconds), $"{FileProcessingWorker.Concurrency} workers; {processing.Failed} failed");
        table.Add($"mixed {gibibytes:0.#} GiB: cold index total", Stats.Int(cold.Report.Added), Stats.Seconds(total),
            LibrariesBenchmark.Rate(cold.Report.Added / total.TotalSeconds), load);

        var find = new List<double>();
        var warm = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            find.Add(await LibrariesBenchmark.FindAsync(root, cancellationToken));
            var run = await LibrariesBenchmark.ScanAsync(vault, scanner, volumeId, cancellationToken);
            if (run.Report.Added + run.Report.Updated + run.Report.Removed != 0)
            {
                throw new InvalidOperationException("A warm rescan of the unchanged mixed tree changed the index.");
            }

            warm.Add(run.Elapsed.TotalSeconds);
        }

        var findMedian = Stats.Median(find);
        var warmMedian = Stats.Median(warm);
        table.Add($"mixed {gibibytes:0.#} GiB: find -printf", Stats.Int(files), $"{findMedian:0.000} s", LibrariesBenchmark.Rate(files / findMedian), "median of 3");
        table.Add($"mixed {gibibytes:0.#} GiB: warm rescan", Stats.Int(files), $"{warmMedian:0.000} s", LibrariesBenchmark.Rate(files / warmMedian),
            $"{Stats.Ratio(warmMedian / findMedian)} find");
    }

    /// <summary>
    /// Copies of the corpus files, round after round, until <paramref name="limit"/> bytes. Each copy of a G-code or binary STL
    /// differs by a few bytes (a trailing comment, the free STL header) so it is its own blob and is hashed and processed
    /// for real; other formats (3MF, OBJ, …) are byte-identical copies, which share a blob as duplicates in a real library do.
    /// </summary>
    private static (int Files, long Bytes) Generate(string corpus, string root, long limit)
    {
        var sources = Directory.GetFiles(corpus).Where(f => new FileInfo(f).Length > 0).Order(StringComparer.Ordinal).Select(f => (Path: f, Bytes: File.ReadAllBytes(f))).ToList();
        if (sources.Count == 0)
        {
            throw new InvalidOperationException($"No corpus files in {corpus} (set PRINTSTASH_CORPUS).");
        }

        var files = 0;
        long bytes = 0;
        for (var round = 0; bytes < limit; round++)
        {
            foreach (var (path, content) in sources)
            {
                if (bytes >= limit)
                {
                    break;
                }

                var folder = Path.Combine(root, $"r{round:000}", $"model{files / FilesPerFolder % 1000:000}");
                Directory.CreateDirectory(folder);
                var copy = Unique(path, content, round);
                File.WriteAllBytes(Path.Combine(folder, Path.GetFileName(path)), copy);
                files++;
                bytes += copy.Length;
            }
        }

        return (files, bytes);
    }

    private static byte[] Unique(string path, byte[] content, int round)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".gcode")
        {
            return [.. content, .. Encoding.ASCII.GetBytes($"\n; bench copy {round}\n")];
        }

        if (extension == ".stl" && content.Length > 84 && !Encoding.ASCII.GetString(content, 0, 5).Equals("solid", StringComparison.OrdinalIgnoreCase))
        {
            var copy = (byte[])content.Clone();
            Encoding.ASCII.GetBytes($"copy {round:000000}").CopyTo(copy, 60);
            return copy;
        }

        return content;
    }

    private static async Task<(int Files, int Failed, TimeSpan Elapsed)> ProcessAllAsync(VaultHost vault, CancellationToken cancellationToken)
    {
        List<Guid> pending;
        await using (var context = vault.CreateContext())
        {
            pending = await context.Files.Where(f => f.MetadataState == ProcessingState.Pending || f.ThumbnailState == ProcessingState.Pending)
                .Select(f => f.Id).ToListAsync(cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = FileProcessingWorker.Concurrency, CancellationToken = cancellationToken },
            async (id, ct) => await vault.Get<FileProcessor>().ProcessAsync(id, ct));
        clock.Stop();
        await using (var context = vault.CreateContext())
        {
            var failed = await context.Files.CountAsync(f => f.MetadataState == ProcessingState.Failed || f.ThumbnailState == ProcessingState.Failed, cancellationToken);
            return (pending.Count, failed, clock.Elapsed);
        }
    }

    public static double GibibytesOption(BenchContext context) =>
        context.Option("--mixed-gb") is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
