using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PrintStash.Bench.Support;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// The model grid on a big library: 20k models × 5 files (100k file rows, fake blob rows) seeded through the DbContext
/// into a fresh SQLite database, then VaultQueries.ListModelsAsync: first page, deep pages via the cursor, searches.
/// Target: first page ≤ 100 ms (time of the call, i.e. server time without HTTP).
/// </summary>
internal sealed class LibraryBenchmark : IBenchmark
{
    private const double TargetMs = 100;
    private const int FilesPerModel = 5;

    private static readonly string[] Words =
    [
        "Bracket", "Gear", "Vase", "Hook", "Clip", "Box", "Lid", "Mount", "Spool holder", "Cable tidy", "Knob", "Hinge",
        "Planter", "Phone stand", "Fan duct", "Enclosure", "Coaster", "Drawer", "Bit holder", "Filament guide",
    ];

    private static readonly string[] Materials = ["PLA", "PETG", "ASA", "TPU", "ABS"];

    private static readonly string[] Printers = ["Prusa MK4", "Prusa MK3S", "Bambu X1C", "Voron 2.4", "Ender 3"];

    public string Name => "library";

    public string Description => "VaultQueries.ListModelsAsync on 20k models / 100k files in SQLite (first page ≤ 100 ms)";

    public bool IncludedInAll => true;

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var models = context.IntOption("--models", 20_000);
        var capture = new CommandCapture();
        var dataDir = context.NewTempDir("library");
        await using var vault = await VaultHost.CreateAsync(dataDir, capture);
        vault.Keep = context.HasFlag("--keep");

        var seed = Stopwatch.StartNew();
        await SeedAsync(vault, models, cancellationToken);
        seed.Stop();
        var dbSize = new FileInfo(Path.Combine(dataDir, "printstash.db")).Length;
        Console.WriteLine($"  seeded {Stats.Int(models)} models / {Stats.Int(models * (long)FilesPerModel)} files in {Stats.Seconds(seed.Elapsed)} (database {Stats.Bytes(dbSize)}, WAL checkpointed, no ANALYZE: the app does not run it either)");

        var queries = vault.Get<VaultQueries>();
        SqliteConnection.ClearAllPools();
        capture.Take();

        // Start-up: what the app's VaultQueryWarmup does once after migrations (first call in the process for these query
        // shapes: LINQ translation, SQL generation, JIT) on a new connection. Then the first visitor's page, new connection.
        var (warmupMs, _) = await TimeAsync(async () =>
        {
            await vault.Get<VaultQueryWarmup>().WarmAsync(cancellationToken);
            return 0;
        });
        SqliteConnection.ClearAllPools();
        var (coldMs, firstPage) = await TimeAsync(() => queries.ListModelsAsync(new ModelFilter(Take: 48), cancellationToken));
        var firstPageCommands = capture.Take();
        var warm = await RepeatAsync(20, () => queries.ListModelsAsync(new ModelFilter(Take: 48), cancellationToken));
        var warmSql = capture.Take().Sum(c => c.Duration.TotalMilliseconds) / warm.Count;

        // Same call on a fresh connection, with EF's compiled query cached: separates connection and SQLite cache from EF/JIT.
        SqliteConnection.ClearAllPools();
        var (reconnectMs, _) = await TimeAsync(() => queries.ListModelsAsync(new ModelFilter(Take: 48), cancellationToken));
        capture.Take();

        // Deep pages: follow the cursor to the last page.
        var pageTimes = new List<double>();
        var cursor = firstPage.NextCursor;
        var seen = firstPage.Items.Count;
        while (cursor is not null)
        {
            var (ms, page) = await TimeAsync(() => queries.ListModelsAsync(new ModelFilter(Cursor: cursor, Take: 48), cancellationToken));
            pageTimes.Add(ms);
            seen += page.Items.Count;
            cursor = page.NextCursor;
        }

        capture.Take();
        var (searchColdMs, searchPage) = await TimeAsync(() => queries.ListModelsAsync(new ModelFilter(Search: "benchy", Take: 48), cancellationToken));
        var searchCommands = capture.Take();
        var searchWarm = await RepeatAsync(20, () => queries.ListModelsAsync(new ModelFilter(Search: "benchy", Take: 48), cancellationToken));
        var noMatch = await RepeatAsync(5, () => queries.ListModelsAsync(new ModelFilter(Search: "no such thing", Take: 48), cancellationToken));
        var material = await RepeatAsync(5, () => queries.ListModelsAsync(new ModelFilter(Material: "TPU", Take: 48), cancellationToken));
        capture.Take();

        var warmMedian = Stats.Median(warm);
        var table = new ResultTable("Query", "Time", "Target", "Verdict");
        table.Add("  start-up warm-up (VaultQueryWarmup: grid shapes translated once, after migrations; not on a request)", Stats.Ms(warmupMs), string.Empty, string.Empty);
        table.Add("first page (48), the first visitor's: first request after start, new connection", Stats.Ms(coldMs), "≤ 100 ms", Verdict(coldMs <= TargetMs));
        table.Add("first page (48), warm, median of 20", Stats.Ms(warmMedian), "≤ 100 ms", Verdict(warmMedian <= TargetMs));
        table.Add("  first page on a new connection, query already compiled", Stats.Ms(reconnectMs), string.Empty, string.Empty);
        table.Add($"  SQL time to first row (EF CommandExecuted, {firstPageCommands.Count} statement(s) per call), mean", Stats.Ms(warmSql), string.Empty, string.Empty);
        table.Add($"deep pages via cursor: {pageTimes.Count} pages, {Stats.Int(seen)} live models; median", Stats.Ms(Stats.Median(pageTimes)), string.Empty, string.Empty);
        table.Add("  page 2 / page 100 / last page",
            pageTimes.Count >= 100 ? $"{Stats.Ms(pageTimes[0])} / {Stats.Ms(pageTimes[98])} / {Stats.Ms(pageTimes[^1])}" : "n/a", string.Empty, string.Empty);
        table.Add("  slowest page", pageTimes.Count > 0 ? Stats.Ms(pageTimes.Max()) : "n/a", "≤ 100 ms", Verdict(pageTimes.Count == 0 || pageTimes.Max() <= TargetMs));
        table.Add($"search \"benchy\" ({searchPage.Items.Count}{(searchPage.NextCursor is null ? string.Empty : "+")} hits), cold", Stats.Ms(searchColdMs), string.Empty, string.Empty);
        table.Add("search \"benchy\", warm, median of 20", Stats.Ms(Stats.Median(searchWarm)), "(≤ 100 ms)", Verdict(Stats.Median(searchWarm) <= TargetMs));
        table.Add("search with no hit (scans everything), median of 5", Stats.Ms(Stats.Median(noMatch)), "(≤ 100 ms)", Verdict(Stats.Median(noMatch) <= TargetMs));
        table.Add("material filter \"TPU\", median of 5", Stats.Ms(Stats.Median(material)), "(≤ 100 ms)", Verdict(Stats.Median(material) <= TargetMs));
        table.Print();
        Console.WriteLine("  Targets in parentheses are not in the brief; they apply the first-page budget to the other grid queries.");

        context.Record("library: first page, warm median (100k files)", "≤ 100 ms", Stats.Ms(warmMedian), warmMedian <= TargetMs);
        context.Record("library: first page, first request after start (warm-up done)", "≤ 100 ms", Stats.Ms(coldMs), coldMs <= TargetMs);
        context.Record("library: deepest/slowest cursor page", "≤ 100 ms", pageTimes.Count > 0 ? Stats.Ms(pageTimes.Max()) : "n/a", pageTimes.Count == 0 || pageTimes.Max() <= TargetMs);
        context.Record("library: search \"benchy\", warm median", "(≤ 100 ms)", Stats.Ms(Stats.Median(searchWarm)), Stats.Median(searchWarm) <= TargetMs);

        var dbPath = Path.Combine(dataDir, "printstash.db");
        PrintPlan("first page", firstPageCommands, dbPath);
        PrintPlan("search \"benchy\"", searchCommands, dbPath);
        Console.WriteLine();
        LibrarySqlAttribution.Print("first page", ModelsQuery(firstPageCommands), dbPath);
        LibrarySqlAttribution.Print("search \"benchy\"", ModelsQuery(searchCommands), dbPath);
        await LibraryWhatIf.PrintAsync(vault, cancellationToken);
        SqliteConnection.ClearAllPools();
    }

    private static string Verdict(bool pass) => pass ? "PASS" : "MISS";

    private static async Task<(double Ms, T Result)> TimeAsync<T>(Func<Task<T>> action)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await action();
        return (stopwatch.Elapsed.TotalMilliseconds, result);
    }

    private static async Task<List<double>> RepeatAsync<T>(int runs, Func<Task<T>> action)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            times.Add((await TimeAsync(action)).Ms);
        }

        return times;
    }

    private static CapturedCommand? ModelsQuery(IReadOnlyList<CapturedCommand> commands) =>
        commands.FirstOrDefault(c => c.Sql.Contains("FROM \"models\"", StringComparison.Ordinal));

    private static void PrintPlan(string label, IReadOnlyList<CapturedCommand> commands, string dbPath)
    {
        var statements = commands.Where(c => c.Sql.Contains("FROM \"models\"", StringComparison.Ordinal)).ToList();
        if (statements.Count == 0)
        {
            Console.WriteLine($"  (no SQL captured for {label})");
            return;
        }

        for (var i = 0; i < statements.Count; i++)
        {
            PrintPlan(statements.Count == 1 ? label : $"{label}, statement {i + 1} of {statements.Count}", statements[i], dbPath);
        }
    }

    private static void PrintPlan(string label, CapturedCommand command, string dbPath)
    {
        Console.WriteLine();
        Console.WriteLine($"  SQL for {label} (time to first row of this first execution {Stats.Ms(command.Duration)}):");
        foreach (var line in command.Sql.Split('\n'))
        {
            Console.WriteLine("    " + line.TrimEnd());
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Sql;
        foreach (var (name, value) in command.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        Console.WriteLine($"  EXPLAIN QUERY PLAN ({label}):");
        using var reader = explain.ExecuteReader();
        var depth = new Dictionary<long, int>();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            var parent = reader.GetInt64(1);
            var level = depth.TryGetValue(parent, out var d) ? d + 1 : 0;
            depth[id] = level;
            Console.WriteLine("    " + new string(' ', level * 2) + reader.GetString(3));
        }
    }

    private static async Task SeedAsync(VaultHost vault, int modelCount, CancellationToken cancellationToken)
    {
        var random = new Random(42);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        List<Tag> tags;
        List<Collection> collections;
        await using (var context = vault.CreateContext())
        {
            tags = Enumerable.Range(0, 50).Select(i => new Tag { Id = Guid.NewGuid(), Name = $"tag{i}", NormalizedName = $"TAG{i}" }).ToList();
            collections = Enumerable.Range(0, 20).Select(i => new Collection { Id = Guid.NewGuid(), Name = $"Collection {i}", CreatedAt = start }).ToList();
            context.Tags.AddRange(tags);
            context.Collections.AddRange(collections);
            await context.SaveChangesAsync(cancellationToken);
        }

        const int batch = 1000;
        for (var first = 0; first < modelCount; first += batch)
        {
            await using var context = vault.CreateContext();
            context.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var tag in tags)
            {
                context.Attach(tag);
            }

            for (var i = first; i < Math.Min(modelCount, first + batch); i++)
            {
                var created = start.AddMinutes(i * 7);
                var name = i % 97 == 0 ? $"Benchy variant {i}" : $"{Words[i % Words.Length]} {i.ToString(CultureInfo.InvariantCulture)}";
                var model = new Model
                {
                    Id = Guid.NewGuid(),
                    Name = name,
                    OwnerId = vault.UserId,
                    CollectionId = i % 3 == 0 ? collections[i % collections.Count].Id : null,
                    CreatedAt = created,
                    UpdatedAt = created.AddMinutes(random.Next(0, 100_000)),
                    DeletedAt = i % 50 == 49 ? created.AddDays(1) : null,
                };
                model.Tags.Add(tags[i % tags.Count]);
                model.Tags.Add(tags[(i * 7 + 3) % tags.Count]);
                var revision = new Revision { Id = Guid.NewGuid(), ModelId = model.Id, Number = 1, CreatedAt = created };
                context.Models.Add(model);
                context.Revisions.Add(revision);
                for (var f = 0; f < FilesPerModel; f++)
                {
                    var isPrint = f >= 2;
                    var hash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
                    var size = random.NextInt64(10_000, 50_000_000);
                    context.Blobs.Add(new Blob { Hash = hash, Size = size, CreatedAt = created });
                    var file = new VaultFile
                    {
                        Id = Guid.NewGuid(),
                        ModelId = model.Id,
                        RevisionId = revision.Id,
                        DisplayName = isPrint ? $"{name}_{Materials[(i + f) % Materials.Length]}_0.2mm.gcode" : $"{name} part {f}.stl",
                        Kind = isPrint ? "GCode" : "Stl",
                        IsPrintFile = isPrint,
                        BlobHash = hash,
                        Size = size,
                        Origin = IngestOrigin.BrowserUpload,
                        AddedById = vault.UserId,
                        CreatedAt = created.AddSeconds(f),
                        PrintStatus = PrintStatus.NeedsTest,
                        IsRecommended = f == 2,
                        ThumbnailState = ProcessingState.Done,
                        MetadataState = ProcessingState.Done,
                        ThumbnailHash = hash,
                        SmallThumbnailHash = hash,
                        FilamentType = isPrint ? Materials[(i + f) % Materials.Length] : null,
                        PrinterModel = isPrint ? Printers[(i + f) % Printers.Length] : null,
                        Slicer = isPrint ? "PrusaSlicer" : null,
                        EstimatedSeconds = isPrint ? random.Next(600, 86_400) : null,
                        MetadataJson = isPrint ? "{\"print\":{\"layerHeightMm\":0.2}}" : "{\"mesh\":{\"triangleCount\":12345}}",
                    };
                    context.Files.Add(file);
                    if (f == 0)
                    {
                        model.CoverFileId = file.Id;
                    }
                }
            }

            context.ChangeTracker.DetectChanges();
            await context.SaveChangesAsync(cancellationToken);
        }

        await using (var context = vault.CreateContext())
        {
            await context.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }
    }
}
