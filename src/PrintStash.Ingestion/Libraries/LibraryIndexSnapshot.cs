using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Libraries;

/// <summary>One indexed in-place file, as the diff needs it.</summary>
public sealed record IndexedFile(Guid Id, Guid ModelId, string Path, long Size, long ModifiedTicks, string Hash, DateTime? MissingSince);

/// <summary>The live index of one volume, by relative path.</summary>
public static class LibraryIndexSnapshot
{
    public static async Task<Dictionary<string, IndexedFile>> LoadAsync(PrintStashDbContext context, Guid volumeId, CancellationToken cancellationToken)
    {
        var rows = await context.Files.AsNoTracking()
            .Where(f => f.LibraryVolumeId == volumeId && f.DeletedAt == null)
            .Select(f => new IndexedFile(f.Id, f.ModelId, f.LibraryPath!, f.Size, f.SourceModifiedTicks ?? 0, f.BlobHash, f.MissingSince))
            .ToListAsync(cancellationToken);
        var index = new Dictionary<string, IndexedFile>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            index.TryAdd(row.Path, row);
        }

        return index;
    }
}
