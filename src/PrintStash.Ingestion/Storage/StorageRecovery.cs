using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Storage;

/// <summary>What the startup check of storage found. In normal operation both lists are empty.</summary>
public sealed record StorageReport(int TempFilesRemoved, IReadOnlyList<string> BlobsWithoutRows, IReadOnlyList<string> RowsWithoutBlobs, DateTime CheckedAt);

/// <summary>
/// Runs at start, before uploads are accepted: removes temp files of uploads a crash interrupted, and reports blobs
/// no row knows about and rows whose bytes are missing (it reports; it never deletes user data).
/// </summary>
public sealed class StorageRecovery(
    StoragePaths paths,
    BlobStore blobs,
    IDbContextFactory<PrintStashDbContext> contextFactory,
    TimeProvider time,
    ILogger<StorageRecovery> logger)
{
    public StorageReport? LastReport { get; private set; }

    public async Task<StorageReport> RunAsync(CancellationToken cancellationToken)
    {
        paths.EnsureExists();
        var removed = 0;
        foreach (var temp in Directory.EnumerateFiles(paths.TempRoot, "*" + StoragePaths.TempSuffix)
                     .Concat(Directory.EnumerateFiles(paths.ModelsRoot, "*" + StoragePaths.TempSuffix, SearchOption.AllDirectories)))
        {
            File.Delete(temp);
            removed++;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = (await context.Blobs.Select(b => b.Hash).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var thumbnails = (await context.Files.Select(f => new[] { f.ThumbnailHash, f.SmallThumbnailHash }).ToListAsync(cancellationToken))
            .SelectMany(x => x).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var onDisk = blobs.EnumerateHashes().ToHashSet(StringComparer.Ordinal);

        var withoutRows = onDisk.Where(h => !rows.Contains(h) && !thumbnails.Contains(h)).Order(StringComparer.Ordinal).ToList();
        var withoutBlobs = rows.Concat(thumbnails).Where(h => !onDisk.Contains(h)).Distinct().Order(StringComparer.Ordinal).ToList();

        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} temp file(s) of interrupted uploads.", removed);
        }

        if (withoutRows.Count > 0)
        {
            logger.LogWarning("{Count} stored blob(s) have no database row (first: {First}); run 'rebuild index from storage' if files are missing.", withoutRows.Count, withoutRows[0]);
        }

        if (withoutBlobs.Count > 0)
        {
            logger.LogError("{Count} database row(s) point at missing stored bytes (first: {First}); restore the data directory from a backup.", withoutBlobs.Count, withoutBlobs[0]);
        }

        LastReport = new StorageReport(removed, withoutRows, withoutBlobs, time.GetUtcNow().UtcDateTime);
        return LastReport;
    }
}
