using Npgsql;
using PrintStash.Domain.Settings;

namespace PrintStash.Ingestion.Tests.TestSupport;

/// <summary>
/// The database a vault test runs on: the harness's own SQLite file (no settings), or a uniquely named database on the
/// PostgreSQL server named by PRINTSTASH_TEST_POSTGRES (as the Domain tests' TestDatabase does), dropped on dispose.
/// </summary>
internal sealed class ProviderDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PRINTSTASH_TEST_POSTGRES";

    private readonly string? adminConnectionString;
    private readonly string? name;

    private ProviderDatabase(Dictionary<string, string?>? settings, string? adminConnectionString = null, string? name = null)
    {
        Settings = settings;
        this.adminConnectionString = adminConnectionString;
        this.name = name;
    }

    /// <summary>Configuration for <see cref="VaultHarness.CreateAsync"/>; null for the default SQLite database.</summary>
    public Dictionary<string, string?>? Settings { get; }

    public static async Task<ProviderDatabase> CreateAsync(string provider)
    {
        if (provider == DatabaseProviders.Sqlite)
        {
            return new ProviderDatabase(null);
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            Assert.Fail($"{PostgresVariable} is not set, so the PostgreSQL variant cannot run. Run ./scripts/test.sh: it starts a throwaway " +
                $"PostgreSQL and sets {PostgresVariable} (or set it to a connection string of a role that may CREATE DATABASE).");
        }

        var name = $"printstash_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new ProviderDatabase(
            new Dictionary<string, string?>
            {
                ["PrintStash:Database:Provider"] = DatabaseProviders.Postgres,
                ["PrintStash:Database:ConnectionString"] = connectionString,
            },
            admin,
            name);
    }

    public async ValueTask DisposeAsync()
    {
        if (adminConnectionString is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
