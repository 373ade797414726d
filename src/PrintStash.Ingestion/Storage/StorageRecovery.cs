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

    /// <summary>At start only, when nothing is in flight: removes temp files, then reports.</summary>
    public Task<StorageReport> RecoverAtStartupAsync(CancellationToken cancellationToken)
    {
        paths.EnsureExists();
        return ReportAsync(RemoveTempFiles(), cancellationToken);
    }

    /// <summary>A check while the server runs: reports only; temp files may belong to uploads in progress.</summary>
    public Task<StorageReport> CheckAsync(CancellationToken cancellationToken)
    {
        paths.EnsureExists();
        return ReportAsync(0, cancellationToken);
    }

    private int RemoveTempFiles()
    {
        var removed = 0;
        foreach (var temp in Directory.EnumerateFiles(paths.TempRoot, "*" + StoragePaths.TempSuffix)
                     .Concat(Directory.EnumerateFiles(paths.ModelsRoot, "*" + StoragePaths.TempSuffix, SearchOption.AllDirectories)))
        {
            try
            {
                File.Delete(temp);
                removed++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Could not remove the temp file {Path}: {Reason}", temp, ex.Message);
            }
        }

        return removed;
    }

    private async Task<StorageReport> ReportAsync(int removed, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = (await context.Blobs.Select(b => b.Hash).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var onDisk = blobs.EnumerateHashes().ToHashSet(StringComparer.Ordinal);

        var withoutRows = onDisk.Where(h => !rows.Contains(h)).Order(StringComparer.Ordinal).ToList();
        // Content known only from in-place library files has a row but, by design, no bytes in the store.
        var inPlace = (await context.Files.Where(f => f.LibraryVolumeId != null).Select(f => f.BlobHash).Distinct().ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var withoutBlobs = rows.Where(h => !onDisk.Contains(h) && !inPlace.Contains(h)).Order(StringComparer.Ordinal).ToList();

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
