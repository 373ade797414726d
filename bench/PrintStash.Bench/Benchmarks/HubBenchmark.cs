using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using PrintStash.Bench.Support;
using PrintStash.Domain.Entities;
using PrintStash.Printers;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Hub;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// The PrinterHub under a farm's load: 250 simulated printers at 4 status updates a second each (a feeder calling the
/// hub as supervisors do, no network), 50 subscribers reading every batch like dashboard circuits. Hub CPU is the
/// process CPU time per wall second while feeding the hub, minus a baseline measured in the same run in which the
/// feeder builds the same statuses and the subscribers wait, but nothing reaches the hub.
/// Targets: hub CPU ≤ 25 % of one core; no unbounded growth: the managed heap (after a full GC) may only grow by what
/// the fixed-size history rings take while they fill (one sample per printer per 10 s, capped at the history window).
/// Options: --minutes N / --seconds N (run length), --rate N (updates per printer per second, default 4, for headroom),
/// --history-minutes N (history window, default 60; a short window lets the rings reach their cap within the run).
/// </summary>
internal sealed class HubBenchmark : IBenchmark
{
    private const int Printers = 250;
    private const int Subscribers = 50;
    private const double TargetCpuPercent = 25;
    private const long SlackBytes = 4L << 20;
    private const long BytesPerSampleBound = 512;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    public string Name => "hub";

    public string Description => "PrinterHub: 250 printers × 4 updates/s, 50 subscribers — hub CPU % of one core (≤ 25 %) and memory; --minutes N";

    public bool IncludedInAll => true;

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var run = context.Option("--seconds") is { } seconds
            ? TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture))
            : TimeSpan.FromMinutes(context.IntOption("--minutes", 1));
        var baseline = TimeSpan.FromSeconds(Math.Clamp(run.TotalSeconds / 3, 15, 60));
        var rate = context.IntOption("--rate", 4);
        var options = new PrintersOptions { HistoryWindow = TimeSpan.FromMinutes(context.IntOption("--history-minutes", 60)) };
        Console.WriteLine($"  {Printers} printers × {rate}/s = {Printers * rate} updates/s, {Subscribers} subscribers, history {options.HistoryCapacity} samples per printer, baseline {Stats.Seconds(baseline)}, run {Stats.Seconds(run)}");

        using var hub = new PrinterHub(Options.Create(options), TimeProvider.System);
        var ids = Enumerable.Range(0, Printers).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            hub.Upsert(new PrinterSnapshot { PrinterId = ids[i], Name = $"Printer {i:000}", Slug = $"printer-{i:000}", Kind = PrinterKind.Moonraker });
        }

        using var stop = new CancellationTokenSource();
        var counters = new SubscriberCounters();
        var readers = Enumerable.Range(0, Subscribers).Select(_ => Task.Run(() => ReadAsync(hub, counters, stop.Token))).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);

        var idle = await MeasureAsync(hub, ids, rate, feedHub: false, baseline, counters, cancellationToken);
        var loaded = await MeasureAsync(hub, ids, rate, feedHub: true, run, counters, cancellationToken);

        // The paced phases cannot resolve a cost this small on a busy machine (timer wake-ups vary more than the hub
        // costs), so the update path is also timed flat out: CPU per update with the hub minus CPU per update without.
        var tightIdle = Saturate(hub, ids, feedHub: false, TimeSpan.FromSeconds(10));
        var tightFed = Saturate(hub, ids, feedHub: true, TimeSpan.FromSeconds(10));
        var microsPerUpdate = tightFed.MicrosPerUpdate - tightIdle.MicrosPerUpdate;
        var projected = microsPerUpdate * Printers * rate / 10_000.0;
        var queued = hub.QueuedBatchesPerSubscriber;
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        var net = loaded.CpuPercent - idle.CpuPercent;
        var growth = loaded.HeapAfter - loaded.HeapBefore;
        var samplesKept = ids.Sum(id => (long)hub.History(id).Count);
        var growthLimit = SlackBytes + (samplesKept * BytesPerSampleBound);

        var table = new ResultTable("Phase", "Wall", "Updates/s", "CPU % of one core", "Batches/s per subscriber", "Snapshots per batch", "Heap (after full GC) start → end", "RSS min / max");
        table.Add(idle.Row("baseline (feeder only)"));
        table.Add(loaded.Row("hub fed"));
        table.Print();
        Console.WriteLine($"  hub CPU: {net:0.0} % of one core (fed {loaded.CpuPercent:0.0} % − baseline {idle.CpuPercent:0.0} %); heap growth over the run {Stats.MiB(growth)}; largest subscriber queue at the end: {queued.DefaultIfEmpty(0).Max()} batches; subscribers left after cancel: {hub.SubscriberCount}");
        Console.WriteLine($"  flat out: {tightFed.Updates / 10.0:N0} updates/s; CPU per update {tightFed.MicrosPerUpdate:0.00} µs with the hub, {tightIdle.MicrosPerUpdate:0.00} µs building the status alone → hub {microsPerUpdate:0.00} µs per update = {projected:0.00} % of one core at {Printers * rate} updates/s");
        Console.WriteLine($"  history samples kept: {Stats.Int(samplesKept)} ({(samplesKept == 0 ? 0 : growth / samplesKept)} B of heap growth per sample)");
        Console.WriteLine("  heap after full GC, by tenth of the run: " + string.Join(" → ", loaded.HeapSamples.Select(Stats.MiB)));
        Console.WriteLine("  RSS, by tenth of the run: " + string.Join(" → ", loaded.RssSamples.Select(Stats.MiB)));
        context.Record("hub", $"CPU ≤ {TargetCpuPercent:0} % of one core ({Printers * rate} updates/s)", $"{net:0.0} %", net <= TargetCpuPercent);
        context.Record("hub", $"update path CPU at {Printers * rate} updates/s (flat-out µs per update × rate)", $"{projected:0.00} %", projected <= TargetCpuPercent);
        context.Record("hub", $"heap growth ≤ 4 MiB + history rings ({Stats.MiB(growthLimit)}) over {Stats.Seconds(run)}", Stats.MiB(growth), growth <= growthLimit);
    }

    private static async Task<Phase> MeasureAsync(PrinterHub hub, Guid[] ids, int rate, bool feedHub, TimeSpan duration, SubscriberCounters counters, CancellationToken cancellationToken)
    {
        var heapBefore = FullGcHeap();
        var process = Process.GetCurrentProcess();
        var rss = new List<long>();
        var heap = new List<long>();
        var sampleEvery = duration / 10;
        var batchesBefore = counters.Batches;
        var snapshotsBefore = counters.Snapshots;
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();

        var updates = 0L;
        var next = 0;
        var step = 0L;
        var perTick = Printers * rate * Tick.TotalSeconds;
        var random = new Random(7);
        var sink = 0.0;
        using var timer = new PeriodicTimer(Tick);
        var lastSample = TimeSpan.Zero;
        while (wall.Elapsed < duration && await timer.WaitForNextTickAsync(cancellationToken))
        {
            // Keep the average rate exact even when the timer fires late.
            var owed = (Printers * rate * wall.Elapsed.TotalSeconds) - updates;
            var count = (int)Math.Min(owed, perTick * 20);
            for (var i = 0; i < count; i++)
            {
                var id = ids[next];
                next = (next + 1) % ids.Length;
                var status = Status(step++, random);
                if (feedHub)
                {
                    hub.ReportStatus(id, status);
                }
                else
                {
                    sink += status.Progress ?? 0;
                }
            }

            updates += count;
            if (wall.Elapsed - lastSample >= sampleEvery)
            {
                lastSample = wall.Elapsed;
                rss.Add(ProcStatus.Rss(Environment.ProcessId) ?? 0);
                if (feedHub)
                {
                    heap.Add(FullGcHeap());
                }
            }
        }

        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var heapAfter = FullGcHeap();
        GC.KeepAlive(sink);
        var seconds = wall.Elapsed.TotalSeconds;
        return new Phase(
            wall.Elapsed,
            updates / seconds,
            100 * cpu.TotalSeconds / seconds,
            (counters.Batches - batchesBefore) / (double)Subscribers / seconds,
            counters.Batches == batchesBefore ? 0 : (counters.Snapshots - snapshotsBefore) / (double)(counters.Batches - batchesBefore),
            heapBefore,
            heapAfter,
            rss.Count == 0 ? 0 : rss.Min(),
            rss.Count == 0 ? 0 : rss.Max(),
            rss,
            heap);
    }

    private static (long Updates, double MicrosPerUpdate) Saturate(PrinterHub hub, Guid[] ids, bool feedHub, TimeSpan duration)
    {
        var process = Process.GetCurrentProcess();
        var random = new Random(11);
        var sink = 0.0;
        var updates = 0L;
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        while (wall.Elapsed < duration)
        {
            for (var i = 0; i < 1_000; i++)
            {
                var status = Status(updates, random);
                if (feedHub)
                {
                    hub.ReportStatus(ids[updates % ids.Length], status);
                }
                else
                {
                    sink += status.Progress ?? 0;
                }

                updates++;
            }
        }

        process.Refresh();
        GC.KeepAlive(sink);
        return (updates, (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / updates);
    }

    private static PrinterStatus Status(long step, Random random)
    {
        var progress = (step % 10_000) / 10_000.0;
        return new PrinterStatus
        {
            Activity = PrinterActivity.Printing,
            JobId = "42",
            FileName = "benchy_0.2mm_PLA.gcode",
            Progress = progress,
            Elapsed = TimeSpan.FromSeconds(step % 3600),
            Remaining = TimeSpan.FromSeconds(3600 - (step % 3600)),
            CurrentLayer = (int)(progress * 240),
            TotalLayers = 240,
            SpeedFactor = 1.0,
            FanSpeed = 1.0,
            Heaters =
            [
                new HeaterReading("extruder", 214.5 + random.NextDouble(), 215),
                new HeaterReading("heater_bed", 59.8 + random.NextDouble(), 60),
                new HeaterReading("chamber", 35 + random.NextDouble(), null),
            ],
        };
    }

    private static async Task ReadAsync(PrinterHub hub, SubscriberCounters counters, CancellationToken cancellationToken)
    {
        var subscription = hub.Subscribe(cancellationToken);
        var versions = subscription.Current.ToDictionary(s => s.PrinterId, s => s.Version);
        await foreach (var batch in subscription.Changes)
        {
            // What a dashboard circuit does with a batch: replace the printer's card model.
            foreach (var snapshot in batch.Changed)
            {
                versions[snapshot.PrinterId] = snapshot.Version;
            }

            counters.Add(batch.Changed.Count);
        }
    }

    private static long FullGcHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private sealed class SubscriberCounters
    {
        private long batches;
        private long snapshots;

        public long Batches => Interlocked.Read(ref batches);

        public long Snapshots => Interlocked.Read(ref snapshots);

        public void Add(int changed)
        {
            Interlocked.Increment(ref batches);
            Interlocked.Add(ref snapshots, changed);
        }
    }

    private sealed record Phase(
        TimeSpan Wall,
        double UpdatesPerSecond,
        double CpuPercent,
        double BatchesPerSecondPerSubscriber,
        double SnapshotsPerBatch,
        long HeapBefore,
        long HeapAfter,
        long RssMin,
        long RssMax,
        IReadOnlyList<long> RssSamples,
        IReadOnlyList<long> HeapSamples)
    {
        public string[] Row(string name) =>
        [
            name,
            Stats.Seconds(Wall),
            UpdatesPerSecond.ToString("0", CultureInfo.InvariantCulture),
            CpuPercent.ToString("0.0", CultureInfo.InvariantCulture),
            BatchesPerSecondPerSubscriber.ToString("0.00", CultureInfo.InvariantCulture),
            SnapshotsPerBatch.ToString("0", CultureInfo.InvariantCulture),
            $"{Stats.MiB(HeapBefore)} → {Stats.MiB(HeapAfter)}",
            $"{Stats.MiB(RssMin)} / {Stats.MiB(RssMax)}",
        ];
    }
}
