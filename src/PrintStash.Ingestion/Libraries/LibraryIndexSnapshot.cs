using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Libraries;

/// <summary>One indexed in-place file, as the diff needs it. Trashed rows are known too: a file someone put in the trash is not re-added.</summary>
public sealed record IndexedFile(Guid Id, Guid ModelId, string Path, long Size, long ModifiedTicks, string Hash, DateTime? MissingSince, bool Trashed = false);

/// <summary>The index of one volume by relative path; a live row wins over a trashed one at the same path.</summary>
public static class LibraryIndexSnapshot
{
    public static async Task<Dictionary<string, IndexedFile>> LoadAsync(PrintStashDbContext context, Guid volumeId, CancellationToken cancellationToken)
    {
        // One pass over the volume's rows through its (LibraryVolumeId, LibraryPath) index, no join and no sort: the few
        // trashed models are loaded apart, and "live wins" is decided while building the dictionary.
        var trashedModels = (await context.Models.AsNoTracking()
            .Where(m => m.LibraryVolumeId == volumeId && m.DeletedAt != null)
            .Select(m => m.Id)
            .ToListAsync(cancellationToken)).ToHashSet();
        var index = new Dictionary<string, IndexedFile>(StringComparer.Ordinal);

        // A plain data reader over the same projection: 100,000 rows through EF's query pipeline cost more than reading them.
        var entity = context.Model.FindEntityType(typeof(VaultFile))!;
        var sql = context.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName());
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            var volume = sql.GenerateParameterNamePlaceholder("volume");
            command.Parameters.Add(entity.FindProperty(nameof(VaultFile.LibraryVolumeId))!.GetRelationalTypeMapping().CreateParameter(command, volume, volumeId, nullable: true));
            command.CommandText =
                $"SELECT {Column(nameof(VaultFile.Id))}, {Column(nameof(VaultFile.ModelId))}, {Column(nameof(VaultFile.LibraryPath))}, {Column(nameof(VaultFile.Size))}, " +
                $"{Column(nameof(VaultFile.SourceModifiedTicks))}, {Column(nameof(VaultFile.BlobHash))}, {Column(nameof(VaultFile.MissingSince))}, {Column(nameof(VaultFile.DeletedAt))} " +
                $"FROM {sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema())} WHERE {Column(nameof(VaultFile.LibraryVolumeId))} = {volume}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var modelId = reader.GetGuid(1);
                var file = new IndexedFile(reader.GetGuid(0), modelId, reader.GetString(2), reader.GetInt64(3), reader.IsDBNull(4) ? 0 : reader.GetInt64(4),
                    reader.GetString(5), reader.IsDBNull(6) ? null : Utc(reader, 6), !reader.IsDBNull(7) || trashedModels.Contains(modelId));
                if (!index.TryAdd(file.Path, file) && index[file.Path].Trashed && !file.Trashed)
                {
                    index[file.Path] = file;
                }
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }

        return index;
    }

    // Stored as UTC everywhere (the model's DateTime converter marks values read through EF as UTC the same way).
    private static DateTime Utc(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
