using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Persistence;

namespace PrintStash.Domain.Tests.Persistence;

/// <summary>
/// A database's schema read back from its catalog as sorted, provider-specific text lines (one per table, column,
/// index and constraint), so two databases of the same provider can be compared line by line.
/// EF's own bookkeeping tables are left out.
/// </summary>
internal sealed partial record DatabaseSchema(IReadOnlyList<string> Tables, IReadOnlyList<string> Lines)
{
    private static readonly string[] EfTables = ["__EFMigrationsHistory", "__EFMigrationsLock"];

    public string Text => string.Join('\n', Lines);

    public static async Task<DatabaseSchema> ReadAsync(PrintStashDbContext context)
    {
        await context.Database.OpenConnectionAsync();
        try
        {
            var connection = context.Database.GetDbConnection();
            return context.Database.IsSqlite() ? await ReadSqliteAsync(connection) : await ReadPostgresAsync(connection);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Lines only in <paramref name="actual"/> ("-") and only in <paramref name="expected"/> ("+"); empty when equal.</summary>
    public static string Diff(DatabaseSchema actual, string actualName, DatabaseSchema expected, string expectedName)
    {
        var onlyActual = actual.Lines.Except(expected.Lines, StringComparer.Ordinal).ToList();
        var onlyExpected = expected.Lines.Except(actual.Lines, StringComparer.Ordinal).ToList();
        if (onlyActual.Count == 0 && onlyExpected.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"- only in {actualName}:");
        onlyActual.ForEach(l => text.AppendLine(CultureInfo.InvariantCulture, $"-   {l}"));
        text.AppendLine(CultureInfo.InvariantCulture, $"+ only in {expectedName}:");
        onlyExpected.ForEach(l => text.AppendLine(CultureInfo.InvariantCulture, $"+   {l}"));
        return text.ToString();
    }

    private static async Task<DatabaseSchema> ReadSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(
            connection,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            r => (Name: r.GetString(0), Sql: r.GetString(1)));
        tables = [.. tables.Where(t => !EfTables.Contains(t.Name))];

        foreach (var (table, sql) in tables)
        {
            var autoincrement = sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase);
            lines.Add($"table {table} autoincrement={autoincrement}");

            // Constraint names are not in any pragma; they are only in the CREATE TABLE text.
            lines.AddRange(ConstraintName().Matches(sql).Select(m => $"constraint {table}.{m.Groups[1].Value}"));

            lines.AddRange(await QueryAsync(
                connection,
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($table)",
                r => $"column {table}.{r.GetString(0)} type={r.GetString(1)} notnull={r.GetInt64(2)} default={Cell(r, 3)} pk={r.GetInt64(4)}",
                ("$table", table)));

            var indexes = await QueryAsync(
                connection,
                "SELECT name, \"unique\", origin, partial FROM pragma_index_list($table)",
                r => (Name: r.GetString(0), Unique: r.GetInt64(1), Origin: r.GetString(2), Partial: r.GetInt64(3)),
                ("$table", table));
            foreach (var index in indexes)
            {
                var columns = await QueryAsync(
                    connection,
                    "SELECT name FROM pragma_index_info($index) ORDER BY seqno",
                    r => r.GetString(0),
                    ("$index", index.Name));
                lines.Add($"index {table}.{index.Name} unique={index.Unique} origin={index.Origin} partial={index.Partial} columns=({string.Join(", ", columns)})");
            }

            lines.AddRange(await QueryAsync(
                connection,
                "SELECT \"from\", \"table\", \"to\", on_update, on_delete, \"match\" FROM pragma_foreign_key_list($table)",
                r => $"foreign key {table}.{r.GetString(0)} -> {r.GetString(1)}.{Cell(r, 2)} on update {r.GetString(3)} on delete {r.GetString(4)} match {r.GetString(5)}",
                ("$table", table)));
        }

        return Create(tables.Select(t => t.Name), lines);
    }

    private static async Task<DatabaseSchema> ReadPostgresAsync(DbConnection connection)
    {
        var excluded = string.Join(", ", EfTables.Select(t => $"'{t}'"));
        var tables = await QueryAsync(
            connection,
            $"""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ({excluded})
            """,
            r => r.GetString(0));

        var lines = new List<string>();
        lines.AddRange(tables.Select(t => $"table {t}"));

        lines.AddRange(await QueryAsync(
            connection,
            $"""
            SELECT table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale,
                   datetime_precision, is_nullable, column_default, is_identity, identity_generation, identity_start,
                   identity_increment, collation_name
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name NOT IN ({excluded})
            """,
            r => $"column {r.GetString(0)}.{r.GetString(1)} type={r.GetString(2)} udt={r.GetString(3)} length={Cell(r, 4)} " +
                 $"precision={Cell(r, 5)},{Cell(r, 6)} datetime_precision={Cell(r, 7)} nullable={r.GetString(8)} default={Cell(r, 9)} " +
                 $"identity={r.GetString(10)} generation={Cell(r, 11)} start={Cell(r, 12)} increment={Cell(r, 13)} collation={Cell(r, 14)}"));

        // indexdef is the whole CREATE [UNIQUE] INDEX statement: name, method, columns in order, predicate.
        lines.AddRange(await QueryAsync(
            connection,
            $"SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename NOT IN ({excluded})",
            r => $"index {r.GetString(0)}: {r.GetString(1)}"));

        // pg_get_constraintdef spells out PRIMARY KEY / UNIQUE / FOREIGN KEY ... REFERENCES ... ON DELETE ..., and CHECKs.
        lines.AddRange(await QueryAsync(
            connection,
            $"""
            SELECT c.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname NOT IN ({excluded})
            """,
            r => $"constraint {r.GetString(0)}.{r.GetString(1)} type={r.GetString(2)}: {r.GetString(3)}"));

        return Create(tables, lines);
    }

    private static DatabaseSchema Create(IEnumerable<string> tables, IEnumerable<string> lines) =>
        new([.. tables.Order(StringComparer.Ordinal)], [.. lines.Order(StringComparer.Ordinal)]);

    private static string Cell(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? "null" : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) ?? "null";

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read, params (string Name, string Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var results = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            results.Add(read(reader));
        }

        return results;
    }

    [GeneratedRegex("CONSTRAINT\\s+\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ConstraintName();
}
