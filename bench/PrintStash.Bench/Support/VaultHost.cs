using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintStash.Domain;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion;
using PrintStash.Ingestion.Storage;

namespace PrintStash.Bench.Support;

/// <summary>
/// The real domain and ingestion services (same composition as the app: AddPrintStashDomain + AddPrintStashIngestion) on
/// a data directory with its own SQLite database. The host is built but never started, so the hosted workers
/// (thumbnail/metadata processing, trash purge) do not run: only the code under measurement does.
/// </summary>
internal sealed class VaultHost : IAsyncDisposable
{
    private readonly IHost host;

    private VaultHost(string dataDir, IHost host, Guid userId)
    {
        DataDir = dataDir;
        this.host = host;
        UserId = userId;
    }

    public string DataDir { get; }

    public Guid UserId { get; }

    public IServiceProvider Services => host.Services;

    /// <summary>Leave the data directory on disk after dispose (to inspect the database by hand).</summary>
    public bool Keep { get; set; }

    public AuditActor Actor => new(UserId, "bench", "127.0.0.1");

    public static async Task<VaultHost> CreateAsync(string dataDir, params IInterceptor[] interceptors)
    {
        Directory.CreateDirectory(dataDir);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["PrintStash:DataDir"] = dataDir });
        builder.AddPrintStashDomain();
        builder.AddPrintStashIngestion();
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (interceptors.Length > 0)
        {
            builder.Services.ConfigureDbContext<PrintStashDbContext>((_, options) => options.AddInterceptors(interceptors));
        }

        var host = builder.Build();
        var userId = await TestHostDatabase.InitializeWithAdminAsync(host.Services, "bench");

        host.Services.GetRequiredService<StoragePaths>().EnsureExists();
        return new VaultHost(dataDir, host, userId);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public PrintStashDbContext CreateContext() => Get<IDbContextFactory<PrintStashDbContext>>().CreateDbContext();

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Task.Yield();
        if (Keep)
        {
            Console.WriteLine($"  kept {DataDir}");
            return;
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            Console.WriteLine($"  (could not remove {DataDir}; delete it by hand)");
        }
    }
}
