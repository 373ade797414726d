using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Processing;

namespace PrintStash.Ingestion.Libraries;

/// <summary>
/// Keeps existing in-place rows in step with the volume: content updates, moves (same row, new path), missing marks
/// and, after the grace period, the trash. Never touches bytes: in-place files are only ever read.
/// </summary>
public sealed class LibraryIndexWriter(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    VaultWriteLock writeLock,
    FileProcessingQueue processing,
    VaultChangeFeed changes)
{
    private const int Chunk = 500;

    public async Task<int> UpdateAsync(Guid volumeId, List<FileUpdate> updates, bool queueProcessing, DateTime now, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return 0;
        }

        var reprocess = new List<(Guid Id, Guid ModelId)>();
        using (await writeLock.AcquireAsync(cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            foreach (var chunk in updates.Chunk(Chunk))
            {
                var ids = chunk.Select(u => u.Id).ToList();
                var rows = await context.Files.Where(f => ids.Contains(f.Id) && f.LibraryVolumeId == volumeId).ToDictionaryAsync(f => f.Id, cancellationToken);
                var hashes = chunk.Where(u => u.ContentChanged).Select(u => u.Hash).Distinct().ToList();
                var known = (await context.Blobs.Where(b => hashes.Contains(b.Hash)).Select(b => b.Hash).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
                foreach (var update in chunk)
                {
                    if (!rows.TryGetValue(update.Id, out var row))
                    {
                        continue;
                    }

                    row.Size = update.Size;
                    row.SourceModifiedTicks = update.ModifiedTicks;
                    row.MissingSince = null;
                    if (!update.ContentChanged)
                    {
                        continue;
                    }

                    if (known.Add(update.Hash))
                    {
                        context.Blobs.Add(new Blob { Hash = update.Hash, Size = update.Size, CreatedAt = now });
                    }

                    row.BlobHash = update.Hash;
                    row.MetadataState = ProcessingState.Pending;
                    row.ThumbnailState = ProcessingState.Pending;
                    row.ProcessingError = null;
                    reprocess.Add((row.Id, row.ModelId));
                }

                await context.SaveChangesAsync(cancellationToken);
            }
        }

        foreach (var (id, modelId) in reprocess)
        {
            if (queueProcessing)
            {
                processing.Enqueue(id);
            }

            changes.Publish(new VaultChange(VaultChangeKind.ModelChanged, modelId, id));
        }

        return updates.Count;
    }

    /// <summary>Moves keep the row (its status, notes, print history); a move to another folder moves it to that folder's model.</summary>
    public async Task<int> MoveAsync(Guid volumeId, Guid ownerId, List<FileMove> moves, DateTime now, CancellationToken cancellationToken)
    {
        if (moves.Count == 0)
        {
            return 0;
        }

        using (await writeLock.AcquireAsync(cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            foreach (var move in moves)
            {
                var row = await context.Files.FirstOrDefaultAsync(f => f.Id == move.Id && f.LibraryVolumeId == volumeId, cancellationToken);
                if (row is null)
                {
                    continue;
                }

                row.LibraryPath = move.NewPath;
                row.DisplayName = DisplayNames.Normalize(Path.GetFileName(move.NewPath)) ?? row.DisplayName;
                row.Size = move.Size;
                row.SourceModifiedTicks = move.ModifiedTicks;
                row.MissingSince = null;
                var folder = LibraryLayout.ModelFolder(move.NewPath);
                if (LibraryLayout.ModelFolder(move.OldPath) != folder)
                {
                    await MoveToModelAsync(context, row, volumeId, ownerId, folder, now, cancellationToken);
                }

                await context.SaveChangesAsync(cancellationToken);
                changes.Publish(new VaultChange(VaultChangeKind.ModelChanged, row.ModelId, row.Id));
            }
        }

        return moves.Count;
    }

    private static async Task MoveToModelAsync(PrintStashDbContext context, VaultFile row, Guid volumeId, Guid ownerId, string folder, DateTime now, CancellationToken cancellationToken)
    {
        var model = await context.Models.Live().FirstOrDefaultAsync(m => m.LibraryVolumeId == volumeId && m.LibraryFolder == folder, cancellationToken);
        if (model is null)
        {
            model = new Model
            {
                Id = Guid.NewGuid(),
                Name = DisplayNames.Normalize(LibraryLayout.ModelName(folder)) ?? folder,
                OwnerId = ownerId,
                CreatedAt = now,
                UpdatedAt = now,
                LibraryVolumeId = volumeId,
                LibraryFolder = folder,
            };
            context.Models.Add(model);
        }

        var kind = Enum.TryParse<FileKind>(row.Kind, out var k) ? k : FileKind.Unknown;
        var revisions = await context.Revisions.Where(r => r.ModelId == model.Id).ToListAsync(cancellationToken);
        var files = await context.Files.Where(f => f.ModelId == model.Id && f.DeletedAt == null && f.Id != row.Id)
            .Select(f => new { f.RevisionId, f.DisplayName, f.Kind }).ToListAsync(cancellationToken);
        var views = revisions.Select(r => new RevisionView(r.Id, r.Number, files.Where(f => f.RevisionId == r.Id)
            .Select(f => (f.DisplayName, Enum.TryParse<FileKind>(f.Kind, out var fk) ? fk : FileKind.Unknown)).ToList())).ToList();
        var choice = RevisionAssigner.Assign(views, row.DisplayName, kind);
        if (choice.ExistingRevisionId is { } existing)
        {
            row.RevisionId = existing;
        }
        else
        {
            var revision = new Revision { Id = Guid.NewGuid(), ModelId = model.Id, Number = choice.Number, CreatedAt = now };
            context.Revisions.Add(revision);
            row.RevisionId = revision.Id;
        }

        row.IsRecommended = row.IsPrintFile && !await context.Files.Live().AnyAsync(f => f.ModelId == model.Id && f.IsRecommended && f.Id != row.Id, cancellationToken);
        row.ModelId = model.Id;
        model.CoverFileId ??= row.Id;
    }

    public async Task ClearMissingAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        using (await writeLock.AcquireAsync(cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            foreach (var chunk in ids.Chunk(Chunk))
            {
                await context.Files.Where(f => chunk.Contains(f.Id)).ExecuteUpdateAsync(s => s.SetProperty(f => f.MissingSince, (DateTime?)null), cancellationToken);
            }
        }
    }

    public async Task<int> MarkMissingAsync(List<Guid> ids, DateTime now, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        var marked = 0;
        using (await writeLock.AcquireAsync(cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            foreach (var chunk in ids.Chunk(Chunk))
            {
                marked += await context.Files.Where(f => chunk.Contains(f.Id) && f.MissingSince == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.MissingSince, now), cancellationToken);
            }
        }

        return marked;
    }

    /// <summary>Rows missing longer than the grace period go to the trash (the normal purge removes them later), and so do models left empty.</summary>
    public async Task<int> TrashExpiredAsync(LibraryVolume volume, DateTime now, CancellationToken cancellationToken)
    {
        var cutoff = now.AddHours(-volume.MissingGraceHours);
        using (await writeLock.AcquireAsync(cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            var trashed = await context.Files
                .Where(f => f.LibraryVolumeId == volume.Id && f.DeletedAt == null && f.MissingSince != null && f.MissingSince < cutoff)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.DeletedAt, now).SetProperty(f => f.IsRecommended, false), cancellationToken);
            if (trashed > 0)
            {
                await context.Models.Live()
                    .Where(m => m.LibraryVolumeId == volume.Id && !context.Files.Any(f => f.ModelId == m.Id && f.DeletedAt == null))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeletedAt, now), cancellationToken);
            }

            return trashed;
        }
    }

    public async Task RememberMountAsync(Guid volumeId, string? deviceId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.LibraryVolumes.Where(v => v.Id == volumeId && v.DeviceId != deviceId)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.DeviceId, deviceId), cancellationToken);
    }
}
