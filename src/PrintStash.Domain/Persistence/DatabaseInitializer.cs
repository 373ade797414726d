using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace PrintStash.Domain.Persistence;

/// <summary>Applies pending migrations and, on SQLite, switches the database to WAL once (the mode is stored in the file).</summary>
public sealed class DatabaseInitializer(IDbContextFactory<PrintStashDbContext> contextFactory, DatabaseReadiness readiness, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }

        await context.Database.MigrateAsync(cancellationToken);

        if (context.Database.IsSqlite())
        {
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }

        readiness.MarkReady();
    }
}
