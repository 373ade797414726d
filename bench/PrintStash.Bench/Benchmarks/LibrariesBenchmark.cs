using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PrintStash.Bench.Support;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Libraries;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// Shared-folder libraries on a generated tree (100,000 small files in 5,000 folders): the enumeration floor
/// (find) next to a warm rescan, the cold index without thumbnails, and watcher bursts of new files.
/// <c>--mixed-gb N</c> adds a tree of N GiB of corpus copies (thumbnails and metadata on, see <see cref="LibrariesMixedTree"/>);
/// <c>--mixed-only</c> skips the generated tree.
/// </summary>
internal sealed class LibrariesBenchmark : IBenchmark
{
    private const double WarmTargetSeconds = 1.5;
    private const double WarmTargetRatio = 2.0;
    private const double ColdTargetFilesPerSecond = 10_000;
    private const double SmallBurstTargetSeconds = 10;
    private const double LargeBurstTargetSeconds = 60;

    private const string BenchmarkName = "libraries";

    public string Name => BenchmarkName;

    public string Description => "library scan of 100k files / 5k folders: warm rescan vs find, cold index, watcher bursts";

    public bool IncludedInAll => false;

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var work = context.NewTempDir("libraries");
        try
        {
            if (!context.HasFlag("--mixed-only"))
            {
                await RunGeneratedTreeAsync(context, work, cancellationToken);
            }

            var mixed = LibrariesMixedTree.GibibytesOption(context);
            if (mixed > 0)
            {
                var table = new ResultTable("Measurement", "Files", "Time", "Rate", "Note");
                await LibrariesMixedTree.RunAsync(context, mixed, work, table, cancellationToken);
                table.Print();
            }
        }
        finally
        {
            if (!context.HasFlag("--keep"))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task RunGeneratedTreeAsync(BenchContext context, string work, CancellationToken cancellationToken)
    {
        var files = context.IntOption("--files", 100_000);
        var folders = context.IntOption("--folders", 5_000);
        var largeBurst = context.IntOption("--burst", 100_000);
        var root = Path.Combine(work, "tree");
        var generate = Stopwatch.StartNew();
        Generate(root, "m", folders, files);
        Console.WriteLine($"  generated {Stats.Int(files)} files in {Stats.Int(folders)} folders in {Stats.Seconds(generate.Elapsed)}");

        await using var vault = await VaultHost.CreateAsync(Path.Combine(work, "data"));
        vault.Keep = context.HasFlag("--keep");
        var created = await vault.Get<LibraryVolumeService>().CreateAsync(
            new LibraryVolumeInput("Bench", root, WatchMode: LibraryWatchMode.Never, Schedule: null), vault.Actor, cancellationToken);
        var volumeId = created.Id ?? throw new InvalidOperationException(string.Join("; ", created.Problems.Values));
        var scanner = vault.Get<LibraryScanner>();

        var table = new ResultTable("Measurement", "Files", "Time", "Rate", "Note");

        // Cold index: every file is new, so every file is hashed and enters the pipeline (thumbnails off).
        var cold = await ScanAsync(vault, scanner, volumeId, cancellationToken);
        var coldRate = cold.Report.Added / cold.Elapsed.TotalSeconds;
        table.Add("cold index (no thumbnails)", Stats.Int(cold.Report.Added), Stats.Seconds(cold.Elapsed), Rate(coldRate), cold.Report.Outcome.ToString());
        Console.WriteLine($"  cold index steps: {cold.Report.Timings}");
        if (!context.HasFlag("--no-floor"))
        {
            var (floorIndexed, floorBare, floorBulk) = await SqliteInsertFloor.MeasureAsync(Path.Combine(vault.DataDir, "printstash.db"), work, cancellationToken);
            table.Add("SQLite floor: same vault_files rows, plain INSERT loop", Stats.Int(cold.Report.Added), Stats.Seconds(TimeSpan.FromSeconds(cold.Report.Added / floorIndexed)), Rate(floorIndexed), "all indexes + FKs, 5,000/commit");
            table.Add("same rows through BulkInsert (EF model)", Stats.Int(cold.Report.Added), Stats.Seconds(TimeSpan.FromSeconds(cold.Report.Added / floorBulk)), Rate(floorBulk), "all indexes + FKs, 5,000/commit");
            table.Add("SQLite floor, primary key only", Stats.Int(cold.Report.Added), Stats.Seconds(TimeSpan.FromSeconds(cold.Report.Added / floorBare)), Rate(floorBare), "no secondary index, FKs off");
        }

        // The enumeration floor and the warm rescan, interleaved so both see the same cache state.
        var find = new List<double>();
        var warm = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            find.Add(await FindAsync(root, cancellationToken));
            var run = await ScanAsync(vault, scanner, volumeId, cancellationToken);
            if (run.Report.Added + run.Report.Updated + run.Report.Removed != 0)
            {
                throw new InvalidOperationException("A warm rescan of an unchanged tree changed the index.");
            }

            warm.Add(run.Elapsed.TotalSeconds);
            Console.WriteLine($"  warm rescan steps: {run.Report.Timings}");
        }

        var findMedian = Stats.Median(find);
        var warmMedian = Stats.Median(warm);
        table.Add("find -printf (floor)", Stats.Int(files), $"{findMedian:0.000} s", Rate(files / findMedian), "median of 3");
        table.Add("warm rescan (unchanged)", Stats.Int(files), $"{warmMedian:0.000} s", Rate(files / warmMedian), $"{Stats.Ratio(warmMedian / findMedian)} find");

        if (context.HasFlag("--no-burst"))
        {
            table.Print();
            return;
        }

        // Watcher bursts: new folders appear while the watcher runs; time until every file is in the index.
        await vault.Get<LibraryVolumeService>().UpdateAsync(volumeId, new LibraryVolumeInput("Bench", root, WatchMode: LibraryWatchMode.Always, Schedule: null), vault.Actor, cancellationToken);
        var watcher = vault.Get<LibraryWatcherService>();
        await watcher.StartAsync(cancellationToken);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var small = await BurstAsync(vault, volumeId, root, "burst-small", 50, 1_000, TimeSpan.FromSeconds(60), cancellationToken);
            table.Add("watcher burst", "1,000", Stats.Seconds(small), Rate(1000 / small.TotalSeconds), "until all indexed");
            var large = await BurstAsync(vault, volumeId, root, "burst-large", Math.Max(1, largeBurst / 20), largeBurst, TimeSpan.FromSeconds(300), cancellationToken);
            table.Add("watcher burst", Stats.Int(largeBurst), Stats.Seconds(large), Rate(largeBurst / large.TotalSeconds), $"watcher: {watcher.StateOf(volumeId).Detail}");
            context.Record(BenchmarkName, $"1,000-file burst indexed ≤ {SmallBurstTargetSeconds:0} s", Stats.Seconds(small), small.TotalSeconds <= SmallBurstTargetSeconds);
            context.Record(BenchmarkName, $"{Stats.Int(largeBurst)}-file burst indexed ≤ {LargeBurstTargetSeconds:0} s", Stats.Seconds(large), large.TotalSeconds <= LargeBurstTargetSeconds);
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
            await vault.Get<LibraryScanCoordinator>().WaitIdleAsync(volumeId, CancellationToken.None);
        }

        table.Print();
        context.Record(BenchmarkName, $"cold index ≥ {ColdTargetFilesPerSecond:N0} files/s", Rate(coldRate), coldRate >= ColdTargetFilesPerSecond);
        context.Record(BenchmarkName, $"warm rescan ≤ {WarmTargetRatio:0}× find", Stats.Ratio(warmMedian / findMedian), warmMedian <= WarmTargetRatio * findMedian);
        context.Record(BenchmarkName, $"warm rescan ≤ {WarmTargetSeconds} s", $"{warmMedian:0.000} s", warmMedian <= WarmTargetSeconds);
    }

    private static void Generate(string root, string prefix, int folders, int files)
    {
        for (var f = 0; f < folders; f++)
        {
            var folder = Path.Combine(root, $"{prefix}{f:00000}");
            Directory.CreateDirectory(folder);
            for (var i = f; i < files; i += folders)
            {
                File.WriteAllText(Path.Combine(folder, $"part{i:000000}.stl"),
                    $"solid {prefix}{i}\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex {i} 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid {prefix}{i}\n");
            }
        }
    }

    internal static async Task<(ScanReport Report, TimeSpan Elapsed)> ScanAsync(VaultHost vault, LibraryScanner scanner, Guid volumeId, CancellationToken cancellationToken)
    {
        LibraryVolume volume;
        await using (var context = vault.CreateContext())
        {
            volume = await context.LibraryVolumes.AsNoTracking().SingleAsync(v => v.Id == volumeId, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        var report = await scanner.ScanLibraryAsync(volume, LibraryScope.Root,
            new ScanOptions(LibraryScanTrigger.Manual, vault.Actor) { QueueProcessing = false }, null, cancellationToken);
        clock.Stop();
        return (report, clock.Elapsed);
    }

    internal static async Task<double> FindAsync(string root, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"find '{root}' -printf '%s %T@ %p\\n' > /dev/null");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync(cancellationToken);
        clock.Stop();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<TimeSpan> BurstAsync(VaultHost vault, Guid volumeId, string root, string prefix, int folders, int files, TimeSpan limit, CancellationToken cancellationToken)
    {
        int before;
        await using (var context = vault.CreateContext())
        {
            before = await context.Files.CountAsync(f => f.LibraryVolumeId == volumeId && f.DeletedAt == null, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        Generate(root, prefix, folders, files);
        Console.WriteLine($"  {prefix}: wrote {Stats.Int(files)} files in {Stats.Seconds(clock.Elapsed)}");
        while (clock.Elapsed < limit)
        {
            await Task.Delay(100, cancellationToken);
            await using var context = vault.CreateContext();
            if (await context.Files.CountAsync(f => f.LibraryVolumeId == volumeId && f.DeletedAt == null, cancellationToken) >= before + files)
            {
                return clock.Elapsed;
            }
        }

        return clock.Elapsed;
    }

    internal static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture) + " files/s";
}
