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
        // One pass over the volume's rows through its (LibraryVolumeId, LibraryPath) index, no join and no sort: the few
        // trashed models are loaded apart, and "live wins" is decided while building the dictionary.
        var trashedModels = (await context.Models.AsNoTracking()
            .Where(m => m.LibraryVolumeId == volumeId && m.DeletedAt != null)
            .Select(m => m.Id)
            .ToListAsync(cancellationToken)).ToHashSet();
        var index = new Dictionary<string, IndexedFile>(StringComparer.Ordinal);
        var rows = context.Files.AsNoTracking()
            .Where(f => f.LibraryVolumeId == volumeId)
            .Select(f => new { f.Id, f.ModelId, f.LibraryPath, f.Size, f.SourceModifiedTicks, f.BlobHash, f.MissingSince, Trashed = f.DeletedAt != null })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var file = new IndexedFile(row.Id, row.ModelId, row.LibraryPath!, row.Size, row.SourceModifiedTicks ?? 0, row.BlobHash, row.MissingSince,
                row.Trashed || trashedModels.Contains(row.ModelId));
            if (!index.TryAdd(file.Path, file) && index[file.Path].Trashed && !file.Trashed)
            {
                index[file.Path] = file;
            }
        }

        return index;
    }
}
