using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Persistence;
using PrintStash.Domain.Settings;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Storage;

namespace PrintStash.Ingestion.Vault;

public sealed record PurgeReport(int ModelsPurged, int FilesPurged, int BlobsDeleted);

/// <summary>
/// Deletes what has been in the trash longer than the retention, then every blob no live or trashed row refers to
/// (files and thumbnails alike): bytes go only when nothing references them.
/// </summary>
public sealed class TrashPurger(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    BlobStore blobs,
    VaultWriteLock writeLock,
    ModelSidecarWriter sidecars,
    ISettingsResolver settings,
    TimeProvider time,
    ILogger<TrashPurger> logger)
{
    public async Task<PurgeReport> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-settings.Get(SettingCatalog.TrashRetentionDays));
        List<Guid> purgedModels;
        List<Guid> touchedModels;
        int filesPurged;
        List<string> deletedBlobs;
        using (await writeLock.AcquireAsync(cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            purgedModels = await context.Models.Trashed().Where(m => m.DeletedAt < cutoff).Select(m => m.Id).ToListAsync(cancellationToken);
            var expiredFiles = context.Files.Where(f => (f.DeletedAt != null && f.DeletedAt < cutoff) || purgedModels.Contains(f.ModelId));
            touchedModels = await expiredFiles.Select(f => f.ModelId).Distinct().ToListAsync(cancellationToken);
            filesPurged = await expiredFiles.ExecuteDeleteAsync(cancellationToken);
            await context.Revisions.Where(r => purgedModels.Contains(r.ModelId)).ExecuteDeleteAsync(cancellationToken);
            await context.Models.Where(m => purgedModels.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);

            deletedBlobs = await context.Blobs
                .Where(b => !context.Files.Any(f => f.BlobHash == b.Hash || f.ThumbnailHash == b.Hash || f.SmallThumbnailHash == b.Hash))
                .Select(b => b.Hash)
                .ToListAsync(cancellationToken);
            await context.Blobs.Where(b => deletedBlobs.Contains(b.Hash)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            // Still under the write lock: an upload of the same bytes must not see the file and then lose it.
            foreach (var hash in deletedBlobs)
            {
                blobs.Delete(hash);
            }
        }

        foreach (var modelId in purgedModels)
        {
            sidecars.Delete(modelId);
        }

        foreach (var modelId in touchedModels.Except(purgedModels))
        {
            await sidecars.WriteAsync(modelId, cancellationToken);
        }

        var report = new PurgeReport(purgedModels.Count, filesPurged, deletedBlobs.Count);
        if (report.ModelsPurged + report.FilesPurged + report.BlobsDeleted > 0)
        {
            logger.LogInformation("Trash purge: {Models} model(s), {Files} file(s), {Blobs} blob(s) deleted.", report.ModelsPurged, report.FilesPurged, report.BlobsDeleted);
        }

        return report;
    }
}
