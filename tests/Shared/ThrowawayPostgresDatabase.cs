using Npgsql;

namespace PrintStash.Tests.Shared;

/// <summary>
/// A uniquely named database on the PostgreSQL server named by PRINTSTASH_TEST_POSTGRES (./scripts/test.sh starts a
/// throwaway server and sets it), dropped on dispose. Without the variable the test fails and says how to run it.
/// </summary>
internal sealed class ThrowawayPostgresDatabase : IAsyncDisposable
{
    public const string Variable = "PRINTSTASH_TEST_POSTGRES";

    private readonly string adminConnectionString;
    private readonly string name;

    private ThrowawayPostgresDatabase(string adminConnectionString, string name, string connectionString)
    {
        this.adminConnectionString = adminConnectionString;
        this.name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayPostgresDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            Assert.Fail(
                $"{Variable} is not set, so the PostgreSQL tests cannot run. Run ./scripts/test.sh: it starts a " +
                $"throwaway PostgreSQL and sets {Variable}. (Or set it yourself to a connection string of a role " +
                "that may CREATE DATABASE, e.g. Host=127.0.0.1;Port=5432;Username=printstash;Password=…;Database=postgres.)");
        }

        var name = $"printstash_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new ThrowawayPostgresDatabase(admin, name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
