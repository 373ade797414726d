using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PrintStash.Domain.Persistence;

/// <summary>
/// Inserts many rows of one entity type with one prepared INSERT re-executed per row, bypassing change tracking (which costs
/// far more than the insert itself at 100,000 rows). Column names, value converters and provider formats come from
/// the EF model, so it writes exactly what SaveChanges would, on SQLite and PostgreSQL alike. Runs in the
/// context's current transaction; the caller owns it.
/// </summary>
public static class BulkInsert
{
    public static async Task InsertAsync<T>(PrintStashDbContext context, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entityType = context.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var properties = entityType.GetProperties().Where(p => p.GetColumnName(table) is not null).ToList();
        var sql = context.GetService<ISqlGenerationHelper>();
        var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
        var mappings = properties.Select(p => p.GetRelationalTypeMapping()).ToList();
        var getters = properties.Select(p => p.GetGetter()).ToList();
        var converters = mappings.Select(m => m.Converter).ToList();

        var connection = context.Database.GetDbConnection();
        var transaction = context.Database.CurrentTransaction?.GetDbTransaction();
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // One prepared single-row statement, re-executed with new values: the fastest insert loop SQLite has.
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var parameters = new DbParameter[properties.Count];
            var placeholders = new StringBuilder();
            for (var c = 0; c < properties.Count; c++)
            {
                var name = "p" + c;
                parameters[c] = mappings[c].CreateParameter(command, name, getters[c].GetClrValueUsingContainingEntity(rows[0]), properties[c].IsNullable);
                command.Parameters.Add(parameters[c]);
                placeholders.Append(c == 0 ? string.Empty : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
            }

            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({columns}) VALUES ({placeholders})";
            await command.PrepareAsync(cancellationToken);
            foreach (var row in rows)
            {
                for (var c = 0; c < parameters.Length; c++)
                {
                    var value = getters[c].GetClrValueUsingContainingEntity(row);
                    parameters[c].Value = (value is null ? null : converters[c] is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}
