using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PrintStash.Bench.Support;
using PrintStash.Bench.Support.Dashboard;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Printers;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Catalog;
using PrintStash.Printers.Hub;
using PrintStash.Printers.Simulation.Moonraker;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// The live dashboard end to end: the real web app (in this process, real Kestrel, real SignalR circuits), N simulated
/// Moonraker printers on loopback behind the real driver, and headless Chromium pages signed in on the dashboard.
/// <para>Memory: managed heap after full GCs (and process RSS) with C pages open on about:blank (no circuit) and then with
/// the same pages on the dashboard (one idle circuit each, printers in standby): per circuit = delta / C.</para>
/// <para>Latency: every printer prints a file whose layer changes about once a second; the simulator stamps each
/// status diff with the wall clock as it sends it, and a MutationObserver in each page stamps the moment the card's
/// "layer N" text changes. Same layer at a bare WebSocket reader (the floor) and at a PrinterHub subscriber (driver +
/// coalescing) in the same run.</para>
/// Options: --printers 50 --pages 10 --seconds 60 --circuits 50 (also measured at 20 when larger) --batch-ms N (hub window),
/// --memory-only or --latency-only for one half.
/// </summary>
internal sealed class DashboardBenchmark : IBenchmark
{
    private const double TargetP99Ms = 250;
    private const long TargetBytesPerCircuit = 150 * 1024;

    public string Name => "dashboard";

    public string Description => "Live dashboard in Chromium: status-to-DOM latency p99 (≤ 250 ms, 10 pages, 50 printers) and memory per idle circuit (≤ 150 KB)";

    public bool IncludedInAll => false;

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var printers = context.IntOption("--printers", 50);
        var pageCount = context.IntOption("--pages", 10);
        var seconds = context.IntOption("--seconds", 60);
        var circuits = Math.Max(pageCount, context.IntOption("--circuits", 50));
        var batchWindow = context.Option("--batch-ms") is { } ms ? TimeSpan.FromMilliseconds(double.Parse(ms, CultureInfo.InvariantCulture)) : new PrintersOptions().BatchWindow;
        Console.WriteLine($"  {printers} printers, {pageCount} pages for {seconds} s, memory at {string.Join(" and ", CircuitSteps(circuits))} circuits, hub batch window {Stats.Ms(batchWindow)}");

        var dataDir = context.NewTempDir("dashboard");
        var ledger = new LatencyLedger();
        var simulators = new List<MoonrakerSimulator>();
        var slugs = new List<string>();
        DashboardApp? app = null;
        IPlaywright? playwright = null;
        IBrowser? browser = null;
        try
        {
            // Started one after the other across one 250 ms tick, so their ticks are spread as in a real farm rather than
            // all due in the same millisecond (a burst that would wait a whole batch window behind its first change).
            var spread = Stopwatch.StartNew();
            for (var i = 0; i < printers; i++)
            {
                var due = TimeSpan.FromMilliseconds(250.0 * i / printers);
                if (due > spread.Elapsed)
                {
                    await Task.Delay(due - spread.Elapsed, cancellationToken);
                }

                simulators.Add(await StartSimulatorAsync(i, seconds, cancellationToken));
            }

            app = DashboardApp.Start(context.RepoRoot, dataDir, batchWindow);
            var hub = app.Services.GetRequiredService<PrinterHub>();
            slugs.AddRange(await RegisterAsync(app, simulators, cancellationToken));
            for (var i = 0; i < simulators.Count; i++)
            {
                var slug = slugs[i];
                simulators[i].StatusSent += sent =>
                {
                    if (LayerReaders.Layer(sent.Diff) is { } layer)
                    {
                        ledger.Sent(slug, layer, LatencyLedger.UnixMs(sent.SentAt));
                    }
                };
            }

            await WaitUntilAsync(() => hub.Snapshots.Count(s => s.Connection == PrinterConnectionState.Online) == printers, TimeSpan.FromSeconds(60), "every printer online");

            // The server's own subscribers (the snapshot writer); every circuit adds one.
            var serverSubscribers = hub.SubscriberCount;
            playwright = await Playwright.CreateAsync();
            browser = await DashboardBrowser.LaunchAsync(playwright);
            var storageState = await SignInAsync(browser, app.BaseAddress);
            var stateFile = Path.Combine(dataDir, "bench-storage-state.json");
            await File.WriteAllTextAsync(stateFile, storageState, cancellationToken);
            if (!context.HasFlag("--latency-only"))
            {
                await MeasureMemoryAsync(context, app, stateFile, circuits, printers, cancellationToken);
            }

            if (context.HasFlag("--memory-only"))
            {
                return;
            }

            await using var browserContext = await browser.NewContextAsync(DashboardBrowser.ContextOptions(app.BaseAddress, storageState));
            var pages = new List<IPage>();
            for (var i = 0; i < pageCount; i++)
            {
                var page = await browserContext.NewPageAsync();
                await page.GotoAsync("/");
                await page.Locator("a.ps-pc").Nth(printers - 1).WaitForAsync(new() { Timeout = 60_000 });
                pages.Add(page);
            }

            await WaitUntilAsync(() => hub.SubscriberCount == serverSubscribers + pageCount, TimeSpan.FromSeconds(30), $"{pageCount} dashboard circuits");
            await MeasureLatencyAsync(context, hub, simulators, slugs, pages, ledger, seconds, cancellationToken);
        }
        finally
        {
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }

            playwright?.Dispose();
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            foreach (var simulator in simulators)
            {
                await simulator.DisposeAsync();
            }

            TryDelete(dataDir);
        }
    }

    private static IEnumerable<int> CircuitSteps(int circuits) => circuits > 20 ? [20, circuits] : [circuits];

    /// <summary>A standby printer holding a file whose layer changes about every second (each printer at its own pace).</summary>
    private static async Task<MoonrakerSimulator> StartSimulatorAsync(int index, int seconds, CancellationToken cancellationToken)
    {
        var simulator = new MoonrakerSimulator(new MoonrakerSimulatorOptions { Hostname = $"bench-{index + 1:00}", Seed = index + 1 });
        await simulator.StartAsync(cancellationToken: cancellationToken);
        var layerSeconds = 0.8 + (index % 5 * 0.1);
        var layers = (int)Math.Ceiling((seconds + 120) / layerSeconds);
        simulator.AddFile(FileName(index), SampleGcode.Create(TimeSpan.FromSeconds(layers * layerSeconds), layers, seed: index + 1));
        return simulator;
    }

    private static string FileName(int index) => $"bench_{index + 1:00}.gcode";

    private static async Task<List<string>> RegisterAsync(DashboardApp app, List<MoonrakerSimulator> simulators, CancellationToken cancellationToken)
    {
        var catalog = app.Services.GetRequiredService<IPrinterCatalog>();
        var slugs = new List<string>();
        for (var i = 0; i < simulators.Count; i++)
        {
            var result = await catalog.CreateAsync(
                new PrinterInput($"Bench {i + 1:00}", PrinterKind.Moonraker, simulators[i].Address, null, Location: i % 2 == 0 ? "Hall A" : "Hall B", Tags: ["bench"]),
                AuditActor.System,
                cancellationToken);
            slugs.Add(result.Printer?.Slug ?? throw new InvalidOperationException("Could not add a printer: " + string.Join(" ", result.Problems.Select(p => p.Message))));
        }

        return slugs;
    }

    private static async Task<string> SignInAsync(IBrowser browser, Uri baseAddress)
    {
        await using var signIn = await browser.NewContextAsync(DashboardBrowser.ContextOptions(baseAddress));
        var page = await signIn.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("#username").FillAsync(DashboardApp.AdminUser);
        await page.Locator("#password").FillAsync(DashboardApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        var state = await signIn.StorageStateAsync();
        await LeaveAsync(page);
        return state;
    }

    /// <summary>Navigates away, so the page's script tells the server its circuit is gone (else it lingers for minutes).</summary>
    private static async Task LeaveAsync(IPage page) => await page.GotoAsync("about:blank");

    private static async Task MeasureMemoryAsync(
        BenchContext context, DashboardApp app, string stateFile, int circuits, int printers, CancellationToken cancellationToken)
    {
        await WaitUntilAsync(() => app.Circuits.Open == 0, TimeSpan.FromSeconds(60), "no circuit before the memory baseline");
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var baseline = MemoryPoint.Take("none", 0);
        var floorStep = CircuitSteps(circuits).First();
        var points = new List<MemoryPoint>();
        // The floor: the same app's layout around a light page (My settings: a few cards, no live data).
        points.AddRange(await OpenPagesAsync(app, stateFile, "/settings", "#open-in-slicer-settings", "My settings (floor)", [floorStep], cancellationToken));
        points.AddRange(await OpenPagesAsync(app, stateFile, "/", "a.ps-pc", $"dashboard, {printers} printer cards", CircuitSteps(circuits).ToList(), cancellationToken));

        var table = new ResultTable("Page", "Circuits", "Managed heap (GC.GetTotalMemory after full GC)", "GC heap size (GCMemoryInfo)", "Process RSS", "Per circuit: heap", "Per circuit: GC heap size", "Per circuit: RSS");
        table.Add(baseline.Row(baseline));
        foreach (var point in points)
        {
            table.Add(point.Row(baseline));
        }

        Console.WriteLine($"  memory: {printers} printers in standby; no page open, then pages open (Chromium driven from a child process)");
        table.Print();
        var floor = points[0];
        var last = points[^1];
        var perCircuit = (last.Heap - baseline.Heap) / last.Circuits;
        var floorPerCircuit = (floor.Heap - baseline.Heap) / floor.Circuits;
        Console.WriteLine($"  dashboard minus floor: {Stats.Bytes(perCircuit - floorPerCircuit)} per circuit = {Stats.Bytes((perCircuit - floorPerCircuit) / Math.Max(1, printers))} per printer card");
        context.Record("dashboard", $"managed heap per idle dashboard circuit ≤ {TargetBytesPerCircuit / 1024} KB ({last.Circuits} circuits, {printers} printers)", Stats.Bytes(perCircuit), perCircuit <= TargetBytesPerCircuit);
    }

    /// <summary>Opens pages on <paramref name="path"/> from a child process, step by step, measuring at each step; the pages leave at the end.</summary>
    private static async Task<List<MemoryPoint>> OpenPagesAsync(
        DashboardApp app, string stateFile, string path, string selector, string label, List<int> steps, CancellationToken cancellationToken)
    {
        var points = new List<MemoryPoint>();
        using var child = DashboardPagesChild.Start(app.BaseAddress, stateFile, path, selector, steps);
        foreach (var step in steps)
        {
            var line = await child.StandardOutput.ReadLineAsync(cancellationToken);
            if (line != $"ready {step}")
            {
                throw new InvalidOperationException($"The page-opening child process said '{line}' instead of 'ready {step}'.");
            }

            await WaitUntilAsync(() => app.Circuits.Open == step, TimeSpan.FromSeconds(60), $"{step} circuits on {path}");
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            points.Add(MemoryPoint.Take(label, step));
            await child.StandardInput.WriteLineAsync();
            await child.StandardInput.FlushAsync(cancellationToken);
        }

        await child.WaitForExitAsync(cancellationToken);
        await WaitUntilAsync(() => app.Circuits.Open == 0, TimeSpan.FromSeconds(60), $"the circuits on {path} to end");
        return points;
    }

    private static async Task MeasureLatencyAsync(
        BenchContext context, PrinterHub hub, List<MoonrakerSimulator> simulators, List<string> slugs, List<IPage> pages, LatencyLedger ledger, int seconds, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = simulators.Select((s, i) => Task.Run(() => LayerReaders.BareWebSocketAsync(s.Address, slugs[i], ledger, stop.Token), CancellationToken.None)).ToList();
        readers.Add(Task.Run(() => LayerReaders.HubAsync(hub, ledger, stop.Token), CancellationToken.None));
        for (var i = 0; i < simulators.Count; i++)
        {
            simulators[i].StartPrint(FileName(i));
        }

        // Heating up: layer 1 until the bed and nozzle reach temperature, then a layer about every second.
        await WaitUntilAsync(() => hub.Snapshots.All(s => s.Status.CurrentLayer >= 2), TimeSpan.FromSeconds(120), "every printer past its first layer");
        foreach (var page in pages)
        {
            await DomProbe.InstallAsync(page);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        Console.WriteLine($"  latency: {simulators.Count} printers printing, {pages.Count} pages; before: {SystemLoad.Describe()}");
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var browserCpuBefore = ProcessTreeCpu.OfDescendants(Environment.ProcessId);
        var wall = Stopwatch.StartNew();
        var from = LatencyLedger.NowUnixMs();
        var to = from + (seconds * 1000.0);
        while (LatencyLedger.NowUnixMs() < to + 1000)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            await DrainAsync(pages, ledger);
        }

        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var browserCpu = ProcessTreeCpu.OfDescendants(Environment.ProcessId) - browserCpuBefore;
        // Sightings of changes sent just before the end may still be on their way: give them a moment.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await DrainAsync(pages, ledger);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        var sentCount = ledger.SentBetween(from, to);
        var table = new ResultTable("Path (from the simulator's send)", "Sightings", "Expected", "p50", "p90", "p99", "max");
        var results = new Dictionary<string, List<double>>();
        foreach (var (path, label, expected) in new[]
        {
            (DashboardPaths.WebSocket, "bare WebSocket reader (floor)", sentCount),
            (DashboardPaths.Hub, "PrinterHub subscriber (driver + coalescing)", sentCount),
            (DashboardPaths.Dom, $"DOM of {pages.Count} Chromium pages", sentCount * pages.Count),
        })
        {
            var (latencies, _) = ledger.Latencies(path, from, to);
            latencies.Sort();
            results[path] = latencies;
            table.Add(label, Stats.Int(latencies.Count), Stats.Int(expected), Ms(latencies, 0.50), Ms(latencies, 0.90), Ms(latencies, 0.99), latencies.Count == 0 ? "-" : Stats.Ms(latencies[^1]));
        }

        table.Print();
        var cpuPercent = 100 * cpu.TotalSeconds / wall.Elapsed.TotalSeconds;
        var browserPercent = 100 * browserCpu.TotalSeconds / wall.Elapsed.TotalSeconds;
        Console.WriteLine($"  layer changes sent in the window: {Stats.Int(sentCount)} over {seconds} s; CPU in % of one core: web app + simulators + bench process {cpuPercent:0} %, Chromium + Playwright driver {browserPercent:0} %; after: {SystemLoad.Describe()}");
        var dom = results[DashboardPaths.Dom];
        var p99 = Percentile(dom, 0.99);
        context.Record("dashboard", $"status-to-DOM p99 ≤ {TargetP99Ms:0} ms ({pages.Count} pages, {simulators.Count} printers, {seconds} s)", dom.Count == 0 ? "no sightings" : Stats.Ms(p99), dom.Count > 0 && p99 <= TargetP99Ms);
    }

    private static async Task DrainAsync(List<IPage> pages, LatencyLedger ledger)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            foreach (var sighting in await DomProbe.DrainAsync(pages[i], i))
            {
                ledger.Seen(DashboardPaths.Dom, sighting.Slug, sighting.Layer, sighting.AtUnixMs);
            }
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Ms(List<double> sorted, double p) => sorted.Count == 0 ? "-" : Stats.Ms(Percentile(sorted, p));

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {Stats.Seconds(timeout)}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open in the temp area is not worth failing the run over.
        }
    }

    private sealed record MemoryPoint(string Page, int Circuits, long Heap, long GcHeapSize, long Rss)
    {
        public static MemoryPoint Take(string page, int circuits)
        {
            for (var i = 0; i < 3; i++)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            return new MemoryPoint(page, circuits, heap, info.HeapSizeBytes, ProcStatus.Rss(Environment.ProcessId) ?? 0);
        }

        public string[] Row(MemoryPoint baseline) =>
        [
            Page,
            Stats.Int(Circuits),
            Stats.Bytes(Heap),
            Stats.Bytes(GcHeapSize),
            Stats.Bytes(Rss),
            Circuits == 0 ? "-" : Stats.Bytes((Heap - baseline.Heap) / Circuits),
            Circuits == 0 ? "-" : Stats.Bytes((GcHeapSize - baseline.GcHeapSize) / Circuits),
            Circuits == 0 ? "-" : Stats.Bytes((Rss - baseline.Rss) / Circuits),
        ];
    }
}
