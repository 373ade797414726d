using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrintStash.Domain;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Processing;
using PrintStash.Ingestion.Storage;

namespace PrintStash.Ingestion.Tests.TestSupport;

/// <summary>
/// The real domain and ingestion services on a temp data directory with its own SQLite database. Hosted workers are
/// not started: tests run processing explicitly, so every step is deterministic.
/// </summary>
internal sealed class VaultHarness : IAsyncDisposable
{
    private readonly IHost host;

    private VaultHarness(string dataDir, IHost host, Guid userId)
    {
        DataDir = dataDir;
        this.host = host;
        UserId = userId;
    }

    public string DataDir { get; }

    public Guid UserId { get; }

    public FakeTimeProvider Time => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    public IServiceProvider Services => host.Services;

    public AuditActor Actor => new(UserId, "tester", "127.0.0.1");

    public StoragePaths Paths => Services.GetRequiredService<StoragePaths>();

    public static async Task<VaultHarness> CreateAsync(string? dataDir = null, Dictionary<string, string?>? settings = null)
    {
        dataDir ??= Path.Combine(Path.GetTempPath(), "printstash-vault-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["PrintStash:DataDir"] = dataDir });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<TimeProvider>(FakeTimeProvider.StartingNow());
        builder.AddPrintStashDomain();
        builder.AddPrintStashIngestion();
        builder.Services.AddLogging();
        var host = builder.Build();

        var userId = await TestHostDatabase.InitializeWithAdminAsync(host.Services, "tester");

        host.Services.GetRequiredService<StoragePaths>().EnsureExists();
        return new VaultHarness(dataDir, host, userId);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public PrintStashDbContext CreateContext() => Get<IDbContextFactory<PrintStashDbContext>>().CreateDbContext();

    public Task<IngestResult> PersistAsync(byte[] content, string name, IngestTarget? target = null, IReadOnlyList<string>? tags = null) =>
        PersistAsync(new MemoryStream(content), name, target, tags);

    public Task<IngestResult> PersistAsync(Stream content, string name, IngestTarget? target = null, IReadOnlyList<string>? tags = null) =>
        Get<IngestionPipeline>().PersistAsync(
            new IngestRequest(content, name, target ?? new IngestTarget.NewModel(), Actor, IngestOrigin.Api) { Tags = tags ?? [] },
            CancellationToken.None);

    /// <summary>Runs thumbnail and metadata extraction for every pending file, as the background worker would.</summary>
    public async Task ProcessPendingAsync()
    {
        List<Guid> pending;
        await using (var context = CreateContext())
        {
            pending = await context.Files.Where(f => f.MetadataState == ProcessingState.Pending || f.ThumbnailState == ProcessingState.Pending).Select(f => f.Id).ToListAsync();
        }

        foreach (var id in pending)
        {
            await Get<FileProcessor>().ProcessAsync(id, CancellationToken.None);
        }
    }

    /// <summary>Writes the sidecars the pipeline marked, as <see cref="SidecarWriterWorker"/> would a moment later.</summary>
    public Task<int> WriteSidecarsAsync() => Get<SidecarOutbox>().FlushAsync(CancellationToken.None);

    public string[] TempFiles() => Directory.Exists(Paths.TempRoot) ? Directory.GetFiles(Paths.TempRoot) : [];

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A mounted tmpfs or a file still open: the OS temp cleaner takes it.
        }
    }
}
