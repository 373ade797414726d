using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PrintStash.Domain.Persistence;
using PrintStash.Domain.Settings;

namespace PrintStash.Domain.Tests.TestSupport;

/// <summary>
/// An empty database owned by one test: a SQLite file in a temp folder, or a uniquely named database on the
/// PostgreSQL server named by PRINTSTASH_TEST_POSTGRES. Dropped on dispose.
/// </summary>
internal abstract class TestDatabase : IAsyncDisposable
{
    protected TestDatabase(PrintStashOptions options)
    {
        Options = options;
        ContextFactory = new TestDbContextFactory(options);
    }

    public PrintStashOptions Options { get; }

    public IDbContextFactory<PrintStashDbContext> ContextFactory { get; }

    public abstract string Provider { get; }

    public static async Task<TestDatabase> CreateAsync(string provider) => provider switch
    {
        DatabaseProviders.Sqlite => new SqliteTestDatabase(),
        DatabaseProviders.Postgres => await PostgresTestDatabase.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider."),
    };

    public PrintStashDbContext CreateContext() => ContextFactory.CreateDbContext();

    /// <summary>Migrates the database the way the app does at start.</summary>
    public Task InitializeAsync() =>
        new DatabaseInitializer(ContextFactory, new DatabaseReadiness(), NullLogger<DatabaseInitializer>.Instance).InitializeAsync(CancellationToken.None);

    public abstract ValueTask DisposeAsync();

    private sealed class SqliteTestDatabase : TestDatabase
    {
        private readonly TempDirectory directory;

        public SqliteTestDatabase()
            : this(new TempDirectory())
        {
        }

        private SqliteTestDatabase(TempDirectory directory)
            : base(new PrintStashOptions { DataDir = directory.Path })
        {
            this.directory = directory;
        }

        public override string Provider => DatabaseProviders.Sqlite;

        public override ValueTask DisposeAsync()
        {
            using (var connection = new SqliteConnection(DatabaseConfiguration.SqliteConnectionString(Options)))
            {
                SqliteConnection.ClearPool(connection);
            }

            directory.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresTestDatabase(PrintStashOptions options, ThrowawayPostgresDatabase database) : TestDatabase(options)
    {
        public override string Provider => DatabaseProviders.Postgres;

        public static async Task<TestDatabase> CreateAsync()
        {
            var database = await ThrowawayPostgresDatabase.CreateAsync();
            var options = new PrintStashOptions
            {
                Database = new DatabaseOptions { Provider = DatabaseProviders.Postgres, ConnectionString = database.ConnectionString },
            };
            return new PostgresTestDatabase(options, database);
        }

        public override ValueTask DisposeAsync() => database.DisposeAsync();
    }
}
