using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PrintStash.Domain.Persistence;

/// <summary>
/// Sets the per-connection SQLite pragmas every connection needs: wait on a locked database instead of failing at once;
/// every commit durable (synchronous = FULL: an upload answered "added" survives a power cut — NORMAL would be faster
/// in WAL mode but may lose the last commits); and a page cache large enough to hold the hot indexes of a 100,000-file library (the default 2 MB makes every
/// insert into a random-keyed index read pages back from the OS).
/// </summary>
internal sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    public const int BusyTimeoutMilliseconds = 5000;

    /// <summary>Upper bound of the page cache per connection (allocated as used).</summary>
    public const int CacheKibibytes = 65536;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -{CacheKibibytes};";
        command.ExecuteNonQuery();
    }
}
