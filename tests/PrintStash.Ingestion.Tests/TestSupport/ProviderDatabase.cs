using PrintStash.Domain.Settings;

namespace PrintStash.Ingestion.Tests.TestSupport;

/// <summary>
/// The database a vault test runs on: the harness's own SQLite file (no settings), or a throwaway database on the
/// PostgreSQL server named by PRINTSTASH_TEST_POSTGRES, dropped on dispose.
/// </summary>
internal sealed class ProviderDatabase : IAsyncDisposable
{
    private readonly ThrowawayPostgresDatabase? postgres;

    private ProviderDatabase(ThrowawayPostgresDatabase? postgres)
    {
        this.postgres = postgres;
        Settings = postgres is null
            ? null
            : new Dictionary<string, string?>
            {
                ["PrintStash:Database:Provider"] = DatabaseProviders.Postgres,
                ["PrintStash:Database:ConnectionString"] = postgres.ConnectionString,
            };
    }

    /// <summary>Configuration for <see cref="VaultHarness.CreateAsync"/>; null for the default SQLite database.</summary>
    public Dictionary<string, string?>? Settings { get; }

    public static async Task<ProviderDatabase> CreateAsync(string provider) =>
        provider == DatabaseProviders.Sqlite ? new ProviderDatabase(null) : new ProviderDatabase(await ThrowawayPostgresDatabase.CreateAsync());

    public ValueTask DisposeAsync() => postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
