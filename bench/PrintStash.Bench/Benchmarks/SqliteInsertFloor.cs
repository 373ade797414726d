using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// The SQLite insert floor for the rows a cold index writes: the vault_files rows the scan just wrote, copied into a
/// copy of the same database (same schema, parents present, same pragmas) by a plain prepared INSERT loop, 5,000 rows
/// per transaction, once with every index and foreign key, once with only the primary key.
/// </summary>
internal static class SqliteInsertFloor
{
    private const int RowsPerCommit = 5000;

    public static async Task<(double WithIndexes, double PrimaryKeyOnly, double BulkInsert)> MeasureAsync(string sourceDb, string work, CancellationToken cancellationToken)
    {
        var copy = Path.Combine(work, "floor.db");
        List<object[]> rows;
        await using (var source = await OpenAsync(sourceDb, cancellationToken))
        {
            await ExecuteAsync(source, $"VACUUM INTO '{copy}'", cancellationToken);
            rows = [];
            await using var read = source.CreateCommand();
            read.CommandText = "SELECT * FROM vault_files ORDER BY rowid";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                rows.Add(values);
            }
        }

        await using var target = await OpenAsync(copy, cancellationToken);
        await ExecuteAsync(target, "PRAGMA journal_mode = WAL", cancellationToken);
        await ExecuteAsync(target, "DELETE FROM vault_files; PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
        var withIndexes = await InsertAsync(target, rows, cancellationToken);
        await ExecuteAsync(target, "DELETE FROM vault_files; PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
        var bulk = await BulkInsertAsync(sourceDb, copy, cancellationToken);

        await ExecuteAsync(target, "DELETE FROM vault_files; PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
        await using (var list = target.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'vault_files' AND sql IS NOT NULL";
            var names = new List<string>();
            await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    names.Add(reader.GetString(0));
                }
            }

            foreach (var name in names)
            {
                await ExecuteAsync(target, $"DROP INDEX \"{name}\"", cancellationToken);
            }
        }

        await ExecuteAsync(target, "PRAGMA foreign_keys = OFF", cancellationToken);
        var primaryKeyOnly = await InsertAsync(target, rows, cancellationToken);
        return (withIndexes, primaryKeyOnly, bulk);
    }

    private static async Task<double> InsertAsync(SqliteConnection connection, List<object[]> rows, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var command = connection.CreateCommand();
        var columns = rows[0].Length;
        command.CommandText = "INSERT INTO vault_files VALUES (" + string.Join(", ", Enumerable.Range(0, columns).Select(c => "$p" + c)) + ")";
        var parameters = Enumerable.Range(0, columns).Select(c => command.Parameters.Add(new SqliteParameter("$p" + c, null))).ToArray();
        for (var start = 0; start < rows.Count; start += RowsPerCommit)
        {
            await using var transaction = connection.BeginTransaction();
            command.Transaction = transaction;
            foreach (var row in rows.Skip(start).Take(RowsPerCommit))
            {
                for (var c = 0; c < columns; c++)
                {
                    parameters[c].Value = row[c];
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return rows.Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The same rows through the app's own <see cref="BulkInsert"/> (EF model, converters), same commit size.</summary>
    private static async Task<double> BulkInsertAsync(string sourceDb, string copy, CancellationToken cancellationToken)
    {
        List<VaultFile> files;
        await using (var source = Context(sourceDb))
        {
            files = await source.Files.FromSqlRaw("SELECT * FROM vault_files ORDER BY rowid").AsNoTracking().ToListAsync(cancellationToken);
        }

        await using var target = Context(copy);
        await target.Database.OpenConnectionAsync(cancellationToken);
        await target.Database.ExecuteSqlRawAsync("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536", cancellationToken);
        var clock = Stopwatch.StartNew();
        foreach (var chunk in files.Chunk(RowsPerCommit))
        {
            await using var transaction = await target.Database.BeginTransactionAsync(cancellationToken);
            await BulkInsert.InsertAsync(target, chunk, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return files.Count / clock.Elapsed.TotalSeconds;
    }

    private static PrintStashDbContext Context(string path) =>
        new(new DbContextOptionsBuilder<PrintStashDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()).Options);

    private static async Task<SqliteConnection> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536", cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
