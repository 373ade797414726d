using System.Diagnostics;
using System.Globalization;
using PrintStash.Bench.Support;
using PrintStash.Ingestion.Formats.Mesh;
using PrintStash.Ingestion.Thumbnails;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// STL parse and thumbnail render, against admesh (parse) and f3d 1.3.1 under Xvfb (load + render a 512×512 PNG).
/// Targets: big sphere (1.44 M triangles) parse ≤ admesh -c, parse+render ≤ 0.5× f3d, peak memory ≤ 3× file size;
/// corpus STLs (≤ 100k triangles) parse+render ≤ 50 ms each.
/// </summary>
internal sealed class MeshBenchmark : IBenchmark
{
    public const string MeasureOneCommand = "--measure-one";
    private const string BigSphere = "big_sphere_fn1200.stl";
    private const int SmallMeshMaxTriangles = 100_000;
    private const double SmallTargetMs = 50;

    public string Name => "mesh";

    public string Description => "StlReader + MeshThumbnailRenderer vs admesh -c and f3d (Xvfb): time and peak memory";

    public bool IncludedInAll => true;

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var big = await EnsureBigSphereAsync(context, cancellationToken);
        var files = new List<string> { big };
        files.AddRange(Directory.GetFiles(Path.Combine(context.CorpusDir, "files"), "*.stl").Order(StringComparer.Ordinal));
        var hasAdmesh = ProcessRunner.Exists("admesh");
        var hasF3d = ProcessRunner.Exists("f3d");
        await using var display = hasF3d ? await VirtualDisplay.StartAsync(cancellationToken) : null;
        if (!hasAdmesh || display is null)
        {
            Console.WriteLine("  admesh, f3d or Xvfb missing: apt-get install -y admesh f3d xvfb xauth (baselines are skipped)");
        }

        var outDir = context.NewTempDir("mesh");
        try
        {
            var table = new ResultTable("File", "Triangles", "Size", "Parse (median)", "admesh -c", "Render (median)", "Parse+render", "f3d", "Ratio to f3d", "Peak RSS growth (fresh process)", "Allocated", "Verdict");
            foreach (var file in files)
            {
                var isBig = file == big;
                var runs = isBig ? context.IntOption("--runs", 5) : 15;
                var row = await MeasureFileAsync(file, runs, cancellationToken);
                if (!isBig && row.Triangles > SmallMeshMaxTriangles)
                {
                    continue;
                }

                var admesh = hasAdmesh ? await MedianProcessAsync("admesh", ["-c", file], isBig ? 3 : 5, null, cancellationToken) : (double?)null;
                double? f3d = null;
                if (display is not null)
                {
                    var png = Path.Combine(outDir, Path.GetFileNameWithoutExtension(file) + ".f3d.png");
                    f3d = await MedianProcessAsync("f3d", ["--output", png, "--resolution", "512,512", file], 3,
                        new Dictionary<string, string> { ["DISPLAY"] = display.Display }, cancellationToken);
                }

                var memory = await MeasureInFreshProcessAsync(file, cancellationToken);
                var size = new FileInfo(file).Length;
                var total = row.ParseMs + row.RenderMs;
                var verdicts = new List<bool>();
                string ratio = f3d is { } f ? Stats.Ratio(total / f) : "n/a";
                if (isBig)
                {
                    var parseOk = admesh is not { } a || row.ParseMs <= a;
                    var renderOk = f3d is not { } ff || total <= 0.5 * ff;
                    var memoryOk = memory is { } m && m.PeakGrowth <= 3 * size;
                    verdicts.AddRange([parseOk, renderOk, memoryOk]);
                    context.Record("mesh: big sphere parse vs admesh -c", $"≤ admesh ({(admesh is { } a2 ? Stats.Ms(a2) : "n/a")})", Stats.Ms(row.ParseMs), parseOk);
                    context.Record("mesh: big sphere parse+render vs f3d", $"≤ 0.5× f3d ({(f3d is { } f2 ? Stats.Ms(f2) : "n/a")})", $"{Stats.Ms(total)} ({ratio})", renderOk);
                    context.Record("mesh: big sphere peak memory", $"≤ 3× file ({Stats.MiB(3 * size)})",
                        memory is { } m2 ? $"{Stats.MiB(m2.PeakGrowth)} RSS growth, {Stats.MiB(m2.Allocated)} allocated" : "not measured", memoryOk);
                }
                else
                {
                    verdicts.Add(total <= SmallTargetMs);
                }

                table.Add(
                    Path.GetFileName(file),
                    Stats.Int(row.Triangles),
                    Stats.Bytes(size),
                    Stats.Ms(row.ParseMs) + (isBig ? $" (first {Stats.Ms(row.FirstParseMs)})" : string.Empty),
                    admesh is { } ad ? Stats.Ms(ad) : "n/a",
                    Stats.Ms(row.RenderMs),
                    Stats.Ms(total),
                    f3d is { } f3 ? Stats.Ms(f3) : "n/a",
                    ratio,
                    memory is { } mm ? $"{Stats.MiB(mm.PeakGrowth)} ({Stats.Ratio(mm.PeakGrowth / (double)size)} file)" : "n/a",
                    memory is { } ma ? Stats.MiB(ma.Allocated) : "n/a",
                    verdicts.All(v => v) ? "PASS" : "MISS");
                if (!isBig)
                {
                    context.Record($"mesh: {Path.GetFileName(file)} parse+render", "≤ 50 ms", Stats.Ms(total), total <= SmallTargetMs);
                }
            }

            table.Print();
            Console.WriteLine("  Parse and render: in-process medians after a warm-up run (a long-running server); admesh and f3d: wall time of the");
            Console.WriteLine("  whole process, median of 3-5 (f3d on one shared Xvfb started beforehand, so Xvfb start-up is not counted).");
            Console.WriteLine("  Peak RSS growth: VmHWM after one parse+render minus VmRSS before it, in a fresh process (peak reset via clear_refs).");
            Console.WriteLine();
            Console.WriteLine("  Render attribution (small mesh):");
            MeshRenderAttribution.Print(Path.Combine(context.CorpusDir, "files", "sphere_hipoly.stl"));
            if (display is not null)
            {
                var xvfbRun = await ProcessRunner.RunAsync("xvfb-run", ["-a", "f3d", "--output", Path.Combine(outDir, "big.xvfb-run.png"), "--resolution", "512,512", big], cancellationToken);
                Console.WriteLine($"  For reference, `xvfb-run -a f3d ... {BigSphere}` once, including Xvfb start-up: {Stats.Ms(xvfbRun.Elapsed)} (exit {xvfbRun.ExitCode}).");
            }
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    /// <summary>Child-process entry point: one parse+render of <paramref name="path"/>, printing memory figures on one line.</summary>
    public static int MeasureOne(string path)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var pid = Environment.ProcessId;
        var rssBefore = ProcStatus.Rss(pid) ?? 0;
        var reset = ProcStatus.ResetPeak();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var result = StlReader.Read(path, MeshReadOptions.Default);
        var parse = stopwatch.Elapsed;
        var thumbnails = result.Geometry is { } mesh ? MeshThumbnailRenderer.Render(mesh) : null;
        var total = stopwatch.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var peak = ProcStatus.PeakRss(pid) ?? 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rss_before={rssBefore} peak_rss={peak} peak_reset={reset} allocated={allocated} parse_ms={parse.TotalMilliseconds:0.00} total_ms={total.TotalMilliseconds:0.00} png={thumbnails?.LargePng.Length ?? 0}"));
        return thumbnails is null ? 1 : 0;
    }

    private static async Task<(long Triangles, double FirstParseMs, double ParseMs, double RenderMs)> MeasureFileAsync(string file, int runs, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var first = StlReader.Read(file, MeshReadOptions.Default, cancellationToken);
        var firstParse = stopwatch.Elapsed.TotalMilliseconds;
        var mesh = first.Geometry ?? throw new InvalidOperationException($"{file}: no geometry ({string.Join("; ", first.Analysis.Problems)})");
        MeshThumbnailRenderer.Render(mesh, cancellationToken: cancellationToken);
        var parses = new List<double>();
        var renders = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            stopwatch.Restart();
            var result = StlReader.Read(file, MeshReadOptions.Default, cancellationToken);
            parses.Add(stopwatch.Elapsed.TotalMilliseconds);
            stopwatch.Restart();
            MeshThumbnailRenderer.Render(result.Geometry!, cancellationToken: cancellationToken);
            renders.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        await Task.Yield();
        return (mesh.TriangleCount, firstParse, Stats.Median(parses), Stats.Median(renders));
    }

    private static async Task<double?> MedianProcessAsync(string tool, string[] args, int runs, Dictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var result = await ProcessRunner.RunAsync(tool, args, cancellationToken, environment);
            if (!result.Succeeded)
            {
                Console.WriteLine($"  {tool} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
                return null;
            }

            times.Add(result.Elapsed.TotalMilliseconds);
        }

        return Stats.Median(times);
    }

    private static async Task<(long PeakGrowth, long Allocated)?> MeasureInFreshProcessAsync(string file, CancellationToken cancellationToken)
    {
        var result = await ChildProcess.RunSelfAsync([MeasureOneCommand, file], null, cancellationToken);
        var values = ChildProcess.ParseValues(result.StandardOutput);
        if (!result.Succeeded || !values.ContainsKey("peak_rss"))
        {
            Console.WriteLine($"  {MeasureOneCommand} {file} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
            return null;
        }

        var before = long.Parse(values["rss_before"], CultureInfo.InvariantCulture);
        var peak = long.Parse(values["peak_rss"], CultureInfo.InvariantCulture);
        if (values["peak_reset"] != "True")
        {
            Console.WriteLine("  (VmHWM could not be reset: the peak includes start-up)");
        }

        return (Math.Max(0, peak - before), long.Parse(values["allocated"], CultureInfo.InvariantCulture));
    }

    private static async Task<string> EnsureBigSphereAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var path = Path.Combine(context.CacheDir, BigSphere);
        if (File.Exists(path))
        {
            Console.WriteLine($"  using cached {path}");
            return path;
        }

        var scad = Path.Combine(context.CorpusDir, "scad", "big_sphere.scad");
        Console.WriteLine($"  generating {path} with openscad (once; cached)...");
        var temp = path + ".tmp.stl";
        var result = await ProcessRunner.RunAsync("openscad", ["--export-format", "binstl", "-o", temp, scad], cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"openscad failed (exit {result.ExitCode}): {result.StandardError}");
        }

        File.Move(temp, path, overwrite: true);
        Console.WriteLine($"  openscad took {Stats.Seconds(result.Elapsed)}");
        return path;
    }
}
