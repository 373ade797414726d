using PrintStash.Bench;
using PrintStash.Bench.Benchmarks;
using PrintStash.Bench.Support;

// Each benchmark prints a table of its figures and PASS/MISS against its target (docs/benchmarks.md).
IBenchmark[] benchmarks =
[
    new IngestBenchmark(),
    new GCodeBenchmark(),
    new MeshBenchmark(),
    new UploadBenchmark(),
    new LibraryBenchmark(),
    new HubBenchmark(),
    new PrinterTransportBenchmark(),
    new MoonrakerBenchmark(),
    new LibrariesBenchmark(),
    new DashboardBenchmark(),
];

// Child-process modes used by the benchmarks to measure one run in a fresh process.
if (args.Length >= 2 && args[0] == MeshBenchmark.MeasureOneCommand)
{
    return MeshBenchmark.MeasureOne(args[1]);
}

if (args.Length >= 6 && args[0] == PrintStash.Bench.Support.Dashboard.DashboardPagesChild.Command)
{
    return await PrintStash.Bench.Support.Dashboard.DashboardPagesChild.RunAsync(args[1..]);
}

if (args.Length >= 2 && args[0] == GCodeBenchmark.MeasureOneCommand)
{
    return await GCodeBenchmark.MeasureOneAsync(args[1]);
}

var name = args.Length > 0 ? args[0] : string.Empty;
var selected = name == "all"
    ? benchmarks.Where(b => b.IncludedInAll).ToList()
    : benchmarks.Where(b => b.Name == name).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine("Usage: dotnet run -c Release --project bench/PrintStash.Bench -- <benchmark> [options]");
    Console.Error.WriteLine();
    foreach (var benchmark in benchmarks)
    {
        Console.Error.WriteLine($"  {benchmark.Name,-8} {benchmark.Description}");
    }

    Console.Error.WriteLine($"  {"all",-8} {string.Join(", ", benchmarks.Where(b => b.IncludedInAll).Select(b => b.Name))} and a summary");
    return 2;
}

var context = BenchContext.Create(args.Skip(1).ToArray());
await MachineInfo.PrintAsync(context);
foreach (var benchmark in selected)
{
    Console.WriteLine();
    Console.WriteLine($"=== {benchmark.Name}: {benchmark.Description}");
    if (context.HasFlag("--wait-idle"))
    {
        await SystemLoad.WaitForIdleAsync(1.0, TimeSpan.FromMinutes(15), CancellationToken.None);
    }

    Console.WriteLine($"  before: {SystemLoad.Describe()}");
    await benchmark.RunAsync(context, CancellationToken.None);
    Console.WriteLine($"  after:  {SystemLoad.Describe()}");
}

context.PrintSummary();
return context.Verdicts.All(v => v.Pass) ? 0 : 1;
