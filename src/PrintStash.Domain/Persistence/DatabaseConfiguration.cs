using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PrintStash.Domain.Settings;

namespace PrintStash.Domain.Persistence;

/// <summary>Turns the frozen database options into EF Core provider options; the one place that knows both providers.</summary>
public static class DatabaseConfiguration
{
    public static void Configure(DbContextOptionsBuilder builder, PrintStashOptions options)
    {
        // Migrations are hand-written without a model snapshot, so EF cannot diff them against the model;
        // MigrationSchemaTests prove migrated schema == model on both providers instead.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        if (IsPostgres(options))
        {
            builder.UseNpgsql(options.Database.ConnectionString);
            return;
        }

        builder.UseSqlite(SqliteConnectionString(options));
        builder.AddInterceptors(new SqliteConnectionTuning());
    }

    public static bool IsPostgres(PrintStashOptions options) =>
        string.Equals(options.Database.Provider, DatabaseProviders.Postgres, StringComparison.OrdinalIgnoreCase);

    public static string SqliteConnectionString(PrintStashOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            return options.Database.ConnectionString;
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(options.DataDirFullPath, "printstash.db"),
            DefaultTimeout = 30,
        }.ToString();
    }
}
