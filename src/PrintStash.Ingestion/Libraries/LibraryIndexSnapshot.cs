using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Libraries;

/// <summary>One indexed in-place file, as the diff needs it. Trashed rows are known too: a file someone put in the trash is not re-added.</summary>
public sealed record IndexedFile(Guid Id, Guid ModelId, string Path, long Size, long ModifiedTicks, string Hash, DateTime? MissingSince, bool Trashed = false);

/// <summary>The index of one volume by relative path; a live row wins over a trashed one at the same path.</summary>
public static class LibraryIndexSnapshot
{
    public static async Task<Dictionary<string, IndexedFile>> LoadAsync(PrintStashDbContext context, Guid volumeId, CancellationToken cancellationToken)
    {
        var rows = await context.Files.AsNoTracking()
            .Where(f => f.LibraryVolumeId == volumeId)
            .OrderBy(f => f.DeletedAt != null)
            .Select(f => new IndexedFile(f.Id, f.ModelId, f.LibraryPath!, f.Size, f.SourceModifiedTicks ?? 0, f.BlobHash, f.MissingSince,
                f.DeletedAt != null || f.Model!.DeletedAt != null))
            .ToListAsync(cancellationToken);
        var index = new Dictionary<string, IndexedFile>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            index.TryAdd(row.Path, row);
        }

        return index;
    }
}
