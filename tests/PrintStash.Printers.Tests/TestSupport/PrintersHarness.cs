using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PrintStash.Domain;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Hub;
using PrintStash.Printers.Jobs;
using PrintStash.Printers.Supervision;

namespace PrintStash.Printers.Tests.TestSupport;

/// <summary>
/// The real domain and printer services on a temp SQLite file, a fake clock and a test driver. Hosted services are
/// not started: tests call reconcile and the snapshot writer explicitly, so each step is deterministic.
/// </summary>
internal sealed class PrintersHarness : IAsyncDisposable
{
    private readonly IHost host;
    private readonly Dictionary<string, string?>? settings;
    private bool stopped;

    private PrintersHarness(string dataDir, IHost host, Guid userId, TestPrinterDriver driver, Dictionary<string, string?>? settings)
    {
        DataDir = dataDir;
        this.host = host;
        UserId = userId;
        Driver = driver;
        this.settings = settings;
    }

    public string DataDir { get; }

    public Guid UserId { get; }

    public TestPrinterDriver Driver { get; }

    public FakeTimeProvider Time => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    public IServiceProvider Services => host.Services;

    public AuditActor Actor => new(UserId, "tester", "127.0.0.1");

    public PrinterHub Hub => Get<PrinterHub>();

    public PrinterSupervisors Supervisors => Get<PrinterSupervisors>();

    public JobLedger Ledger => Get<JobLedger>();

    public TestSecretProtector Secrets => (TestSecretProtector)Get<IPrinterSecretProtector>();

    public static Task<PrintersHarness> CreateAsync(Dictionary<string, string?>? settings = null) => CreateAsync(settings, null, null);

    /// <summary>
    /// PrintStash restarting: this host stops (its in-memory state gone) and a new one starts on the same data folder and
    /// database. The new harness owns the folder; this one must not be used any more.
    /// </summary>
    public async Task<PrintersHarness> RestartAsync()
    {
        await StopAsync();
        return await CreateAsync(settings, DataDir, UserId);
    }

    private static async Task<PrintersHarness> CreateAsync(Dictionary<string, string?>? settings, string? existingDataDir, Guid? existingUserId)
    {
        var dataDir = existingDataDir ?? Path.Combine(Path.GetTempPath(), "printstash-printers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["PrintStash:DataDir"] = dataDir });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var driver = new TestPrinterDriver();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider { ControlsTimers = true });
        builder.Services.AddSingleton<IPrinterSecretProtector, TestSecretProtector>();
        builder.AddPrintStashDomain();
        builder.AddPrintStashPrinters();

        // The test double is the only driver, so supervision is tested without any protocol (and a kind it does not
        // serve has no driver at all).
        builder.Services.RemoveAll<IPrinterDriver>();
        builder.Services.AddSingleton<IPrinterDriver>(driver);
        builder.Services.AddLogging();
        var host = builder.Build();

        Guid userId;
        if (existingUserId is { } known)
        {
            await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
            userId = known;
        }
        else
        {
            userId = await TestHostDatabase.InitializeWithAdminAsync(host.Services, "tester");
        }

        return new PrintersHarness(dataDir, host, userId, driver, settings);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Moves the fake clock in steps until the condition holds (loops parked on delays wake up on the way).</summary>
    public async Task AdvanceUntilAsync(Func<bool> condition, string what, TimeSpan? step = null, TimeSpan? limit = null)
    {
        var moved = TimeSpan.Zero;
        var by = step ?? TimeSpan.FromSeconds(1);
        var max = limit ?? TimeSpan.FromHours(1);
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (moved >= max || TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(20))
            {
                Assert.Fail($"Gave up waiting until {what} after {moved} of fake time.");
            }

            Time.Advance(by);
            moved += by;
            await Task.Delay(1);
        }
    }

    public PrinterSnapshot Snapshot(Guid printerId) => Hub.Find(printerId) ?? throw new InvalidOperationException("The hub does not know the printer.");

    public PrintStashDbContext CreateContext() => Get<IDbContextFactory<PrintStashDbContext>>().CreateDbContext();

    /// <summary>A printer row as the catalog would store it.</summary>
    public async Task<Printer> AddPrinterAsync(string name = "Voron", bool enabled = true, string? secret = "key", Action<Printer>? change = null)
    {
        var printer = new Printer
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Slug = name.ToLowerInvariant().Replace(' ', '-'),
            Kind = PrinterKind.Moonraker,
            Address = "http://printer.local:7125",
            ProtectedSecret = secret is null ? null : Secrets.Protect(secret),
            Enabled = enabled,
            CreatedAt = Time.GetUtcNow().UtcDateTime,
            UpdatedAt = Time.GetUtcNow().UtcDateTime,
        };
        change?.Invoke(printer);
        await using var context = CreateContext();
        context.Printers.Add(printer);
        await context.SaveChangesAsync();
        return printer;
    }

    /// <summary>A vault print file with its model, revision and blob rows.</summary>
    public async Task<VaultFile> AddVaultFileAsync(string name, long size, string hash, PrintStatus status = PrintStatus.NeedsTest, int? estimatedSeconds = null, bool isPrintFile = true)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var model = new Model { Id = Guid.NewGuid(), Name = name, OwnerId = UserId, CreatedAt = now, UpdatedAt = now };
        var revision = new Revision { Id = Guid.NewGuid(), ModelId = model.Id, Number = 1, CreatedAt = now };
        var file = new VaultFile
        {
            Id = Guid.NewGuid(),
            ModelId = model.Id,
            RevisionId = revision.Id,
            DisplayName = name,
            Kind = "GCode",
            IsPrintFile = isPrintFile,
            BlobHash = hash,
            Size = size,
            CreatedAt = now,
            PrintStatus = status,
            EstimatedSeconds = estimatedSeconds,
        };
        await using var context = CreateContext();
        if (!await context.Blobs.AnyAsync(b => b.Hash == hash))
        {
            context.Blobs.Add(new Blob { Hash = hash, Size = size, CreatedAt = now });
        }

        context.Models.Add(model);
        context.Revisions.Add(revision);
        context.Files.Add(file);
        await context.SaveChangesAsync();
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        if (stopped)
        {
            return;
        }

        await StopAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open: the OS temp cleaner takes it.
        }
    }

    private async Task StopAsync()
    {
        stopped = true;
        // A hung driver is abandoned after the stop timeout, which runs on the fake clock.
        var stopping = Supervisors.DisposeAsync().AsTask();
        while (!stopping.IsCompleted)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        await stopping;
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
