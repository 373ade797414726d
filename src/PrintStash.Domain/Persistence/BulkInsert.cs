using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PrintStash.Domain.Persistence;

/// <summary>
/// Inserts many rows of one entity type with one prepared INSERT re-executed per row, bypassing change tracking (which costs
/// far more than the insert itself at 100,000 rows). Column names, value converters and provider formats come from
/// the EF model, so it writes exactly what SaveChanges would, on SQLite and PostgreSQL alike. Runs in the
/// context's current transaction; the caller owns it.
/// </summary>
public static class BulkInsert
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Type), TablePlan> Plans = new();

    /// <param name="skipExistingKeys">
    /// A row whose primary key exists already is left out (<c>ON CONFLICT DO NOTHING</c>, the same on SQLite and PostgreSQL)
    /// instead of failing the batch: for content-addressed rows (blobs), where "exists" means "the same row".
    /// </param>
    public static async Task InsertAsync<T>(PrintStashDbContext context, IReadOnlyList<T> rows, CancellationToken cancellationToken, bool skipExistingKeys = false) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var plan = Plans.GetOrAdd((context.Model, typeof(T)), static (key, context) => TablePlan.Create(context, key.Type), context);
        var connection = context.Database.GetDbConnection();
        var transaction = context.Database.CurrentTransaction?.GetDbTransaction();
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // One prepared single-row statement, re-executed with new values: the fastest insert loop SQLite has.
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = skipExistingKeys ? plan.Sql + " ON CONFLICT DO NOTHING" : plan.Sql;
            var columns = plan.Columns;
            var parameters = new DbParameter[columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                // The mapping types the parameter (and converts the CLR value) exactly as SaveChanges would.
                parameters[c] = columns[c].Mapping.CreateParameter(command, columns[c].ParameterName, columns[c].Getter.GetClrValueUsingContainingEntity(rows[0]), columns[c].Nullable);
                command.Parameters.Add(parameters[c]);
            }

            await command.PrepareAsync(cancellationToken);
            foreach (var row in plan.InKeyOrder(rows))
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    parameters[c].Value = columns[c].ProviderValue(row);
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private sealed record Column(string ParameterName, RelationalTypeMapping Mapping, bool Nullable, IClrPropertyGetter Getter, ValueConverter? Converter)
    {
        public object ProviderValue(object row)
        {
            var value = Getter.GetClrValueUsingContainingEntity(row);
            return (value is null ? null : Converter is null ? value : Converter.ConvertToProvider(value)) ?? DBNull.Value;
        }
    }

    /// <summary>The statement and columns of one table, computed once per model and entity type.</summary>
    private sealed record TablePlan(string Sql, Column[] Columns, IClrPropertyGetter? Key)
    {
        public static TablePlan Create(PrintStashDbContext context, Type type)
        {
            var entityType = context.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not an entity.");
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            var properties = entityType.GetProperties().Where(p => p.GetColumnName(table) is not null).ToList();
            var sql = context.GetService<ISqlGenerationHelper>();
            // Parameters are named exactly as they appear in the SQL ("@p0", not "p0"): Microsoft.Data.Sqlite looks an unprefixed
            // name up once per prefix on every execution, which cost more than the insert itself.
            var columns = properties.Select((p, c) => new Column(sql.GenerateParameterNamePlaceholder("p" + c), p.GetRelationalTypeMapping(), p.IsNullable, p.GetGetter(),
                p.GetRelationalTypeMapping().Converter)).ToArray();
            var names = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
            var placeholders = string.Join(", ", columns.Select(c => c.ParameterName));

            var key = entityType.FindPrimaryKey()?.Properties is [var single] && (single.ClrType == typeof(Guid) || single.ClrType == typeof(string)) ? single.GetGetter() : null;
            return new TablePlan($"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) VALUES ({placeholders})", columns, key);
        }

        /// <summary>
        /// Rows in the order of their primary key as the database sorts it (text GUIDs and uuids both sort like the
        /// hex string): each insert then lands next to the previous one in the key's index instead of splitting a random page.
        /// </summary>
        public IEnumerable<object> InKeyOrder<T>(IReadOnlyList<T> rows) where T : class
        {
            if (Key is null || rows.Count < 2)
            {
                return rows;
            }

            return rows.Select(r => (Row: (object)r, Key: Key.GetClrValueUsingContainingEntity(r) switch
                {
                    Guid g => g.ToString("N"),
                    string s => s,
                    _ => string.Empty,
                }))
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => r.Row);
        }
    }
}
