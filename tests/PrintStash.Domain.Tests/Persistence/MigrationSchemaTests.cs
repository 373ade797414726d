using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Persistence;
using PrintStash.Domain.Settings;
using PrintStash.Domain.Tests.TestSupport;

namespace PrintStash.Domain.Tests.Persistence;

/// <summary>
/// The migrations are hand-written without a model snapshot, so nothing else checks them against the model:
/// a database built by the migrations must have exactly the schema EF would create from the model itself.
/// </summary>
public sealed class MigrationSchemaTests
{
    [Theory]
    [InlineData(DatabaseProviders.Sqlite)]
    [InlineData(DatabaseProviders.Postgres)]
    public async Task Migrate_FreshDatabase_SchemaEqualsModel(string provider)
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var fromModel = await TestDatabase.CreateAsync(provider);
        await using (var context = migrated.CreateContext())
        {
            Assert.NotEmpty(context.Database.GetMigrations());
            await context.Database.MigrateAsync();
        }

        await using (var context = fromModel.CreateContext())
        {
            Assert.True(await context.Database.EnsureCreatedAsync());
        }

        var migratedSchema = await ReadSchemaAsync(migrated);
        var modelSchema = await ReadSchemaAsync(fromModel);

        var diff = DatabaseSchema.Diff(migratedSchema, "migrated database", modelSchema, "model (EnsureCreated)");
        Assert.True(
            diff.Length == 0,
            $"{provider}: the schema built by the migrations differs from the model; fix Persistence/Migrations.\n{diff}");
        Assert.Equal(modelSchema.Text, migratedSchema.Text);
    }

    [Theory]
    [InlineData(DatabaseProviders.Sqlite)]
    [InlineData(DatabaseProviders.Postgres)]
    public async Task Migrate_FreshDatabase_CreatesEveryModelTable(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.InitializeAsync();

        await using var context = database.CreateContext();
        var modelTables = context.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().Order(StringComparer.Ordinal).ToList();
        var schema = await DatabaseSchema.ReadAsync(context);

        Assert.Equal(
            ["api_keys", "audit_events", "blobs", "collections", "favorites", "library_scan_runs", "library_volumes", "model_tags", "models", "pending_sends", "pending_sidecars", "print_jobs", "printers", "revisions", "setting_overrides", "slice_jobs", "slicer_profiles", "tags", "user_preferences", "users", "vault_files"],
            modelTables);
        Assert.Equal(modelTables, schema.Tables);
    }

    [Theory]
    [InlineData(DatabaseProviders.Sqlite)]
    [InlineData(DatabaseProviders.Postgres)]
    public async Task Initialize_AppliedTwice_SecondRunChangesNothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.InitializeAsync();
        var before = await ReadSchemaAsync(database);

        await database.InitializeAsync();

        await using var context = database.CreateContext();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
        Assert.Equal(before.Text, (await DatabaseSchema.ReadAsync(context)).Text);
    }

    [Fact]
    public async Task Initialize_Sqlite_SwitchesDatabaseToWal()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProviders.Sqlite);
        await database.InitializeAsync();

        // A brand-new connection: WAL is a property of the file, not of the connection that set it.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(DatabaseConfiguration.SqliteConnectionString(database.Options)) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    /// <summary>Guards the guard: the comparison must notice the kinds of mistakes a hand-written migration makes.</summary>
    [Theory]
    [InlineData(DatabaseProviders.Sqlite)]
    [InlineData(DatabaseProviders.Postgres)]
    public async Task SchemaComparison_MigratedDatabaseAlteredByHand_ReportsEachDifference(string provider)
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var fromModel = await TestDatabase.CreateAsync(provider);
        await migrated.InitializeAsync();
        await using (var context = fromModel.CreateContext())
        {
            await context.Database.EnsureCreatedAsync();
        }

        var alterations = provider == DatabaseProviders.Sqlite
            ? new[]
            {
                "DROP INDEX \"IX_audit_events_Action\"",
                "ALTER TABLE users ADD COLUMN \"Nickname\" TEXT NULL",
                "ALTER TABLE setting_overrides DROP COLUMN \"UpdatedBy\"",
            }
            : new[]
            {
                "DROP INDEX \"IX_audit_events_Action\"",
                "ALTER TABLE users ADD COLUMN \"Nickname\" text NULL",
                "ALTER TABLE setting_overrides DROP COLUMN \"UpdatedBy\"",
                "ALTER TABLE users ALTER COLUMN \"DisplayName\" TYPE character varying(100)",
                "ALTER TABLE users ALTER COLUMN \"Email\" SET NOT NULL",
            };
        await using (var context = migrated.CreateContext())
        {
            foreach (var sql in alterations)
            {
                await context.Database.ExecuteSqlRawAsync(sql);
            }
        }

        var diff = DatabaseSchema.Diff(await ReadSchemaAsync(migrated), "migrated", await ReadSchemaAsync(fromModel), "model");

        Assert.Contains("IX_audit_events_Action", diff, StringComparison.Ordinal);
        Assert.Contains("users.Nickname", diff, StringComparison.Ordinal);
        Assert.Contains("setting_overrides.UpdatedBy", diff, StringComparison.Ordinal);
        if (provider == DatabaseProviders.Postgres)
        {
            Assert.Contains("users.DisplayName type=character varying udt=varchar length=100", diff, StringComparison.Ordinal);
            Assert.Contains("users.DisplayName type=character varying udt=varchar length=128", diff, StringComparison.Ordinal);
            Assert.Contains("users.Email type=character varying udt=varchar length=256 precision=null,null datetime_precision=null nullable=NO", diff, StringComparison.Ordinal);
        }
    }

    private static async Task<DatabaseSchema> ReadSchemaAsync(TestDatabase database)
    {
        await using var context = database.CreateContext();
        return await DatabaseSchema.ReadAsync(context);
    }
}
