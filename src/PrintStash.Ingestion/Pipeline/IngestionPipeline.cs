using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Domain.Settings;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Processing;
using PrintStash.Ingestion.Storage;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Ingestion.Pipeline;

/// <summary>
/// The one way a file enters the vault, whatever the entry point: assign the revision → store the bytes
/// (content-addressed, crash-safe) → write the file row → queue thumbnail and metadata extraction.
/// Library files enter through the in-place batch (IngestionPipeline.InPlace.cs): same revision rule, rows and queue, no copy.
/// </summary>
public sealed partial class IngestionPipeline(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    BlobStore blobs,
    VaultWriteLock writeLock,
    SidecarOutbox sidecars,
    FileProcessingQueue processing,
    VaultChangeFeed changes,
    ISettingsResolver settings,
    IAuditLog audit,
    TimeProvider time,
    ILogger<IngestionPipeline> logger)
{
    public const string SupportedTypesText = ".stl, .3mf, .obj, .step, .zip, .gcode, .gcode.3mf, .bgcode";

    public async Task<IngestResult> PersistAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        var displayName = DisplayNames.Normalize(request.OriginalName);
        if (displayName is null)
        {
            return IngestResult.Rejected("The file has no usable name.");
        }

        var kind = FileKinds.FromFileName(displayName);
        if (kind == FileKind.Unknown)
        {
            return IngestResult.Rejected($"'{displayName}' is not a file type PrintStash stores ({SupportedTypesText}).");
        }

        if (request.Actor.UserId is null)
        {
            return IngestResult.Rejected("Files can only be added on behalf of a user.");
        }

        var maxBytes = settings.Get(SettingCatalog.MaxUploadMegabytes) * 1024L * 1024L;
        StagedBlob staged;
        try
        {
            staged = (request.HandOverPath is { } handedOver ? await blobs.TryAdoptAsync(handedOver, maxBytes, cancellationToken) : null)
                ?? await blobs.StageAsync(request.Content, maxBytes, cancellationToken);
        }
        catch (FileTooLargeException ex)
        {
            return IngestResult.Rejected($"'{displayName}' is too large: {ex.Message}");
        }
        catch (IOException ex) when (IsDiskFull(ex))
        {
            logger.LogError(ex, "Storage full while receiving {Name}", displayName);
            return IngestResult.Rejected($"'{displayName}' could not be stored: the storage disk is full. Nothing was saved.");
        }

        IngestResult result;
        try
        {
            result = await CommitAsync(request, displayName, kind, staged, cancellationToken);
        }
        catch
        {
            blobs.Discard(staged);
            throw;
        }

        if (result.Outcome == IngestOutcome.Added)
        {
            sidecars.Signal();
            processing.Enqueue(result.FileId!.Value);
            changes.Publish(new VaultChange(VaultChangeKind.FileAdded, result.ModelId!.Value, result.FileId));
        }

        return result;
    }

    private async Task<IngestResult> CommitAsync(IngestRequest request, string displayName, FileKind kind, StagedBlob staged, CancellationToken cancellationToken)
    {
        using var _ = await writeLock.AcquireAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;

        var (model, created) = await FindOrCreateModelAsync(context, request, displayName, now, cancellationToken);
        if (model is null)
        {
            blobs.Discard(staged);
            return IngestResult.Rejected("The target model does not exist or is in the trash.");
        }

        if (!created)
        {
            var duplicate = await context.Files.Live()
                .Where(f => f.ModelId == model.Id && f.BlobHash == staged.Hash)
                .Select(f => new { f.Id, f.DisplayName, f.RevisionId })
                .FirstOrDefaultAsync(cancellationToken);
            if (duplicate is not null)
            {
                blobs.Discard(staged);
                return new IngestResult(IngestOutcome.Duplicate,
                    $"'{displayName}' is already in this model as '{duplicate.DisplayName}'; nothing was added.",
                    model.Id, duplicate.Id, duplicate.RevisionId, DisplayName: duplicate.DisplayName, BlobHash: staged.Hash);
            }
        }

        // The rename happens now; the directory fsync runs while the rows are prepared and is awaited before the
        // commit, so no row is ever durable before the name of its bytes.
        var placing = blobs.CommitAsync(staged);
        bool createdBlob;
        NewRows rows;
        try
        {
            rows = await AddRowsAsync(context, request, model, created, displayName, kind, staged, now, cancellationToken);
            createdBlob = await placing;
            await context.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            if (await PlacedAsync(placing))
            {
                // Nothing references the bytes we just placed; keep the store free of blobs without rows.
                blobs.Delete(staged.Hash);
            }

            throw;
        }

        var (file, revision, isRecommended) = rows;
        var message = created
            ? $"'{displayName}' was added as a new model '{model.Name}'."
            : $"'{displayName}' was added to '{model.Name}' as part of revision {revision.Number}.";
        return new IngestResult(IngestOutcome.Added, message, model.Id, file.Id, revision.Id, revision.Number, created, isRecommended, displayName, staged.Hash);
    }

    private sealed record NewRows(VaultFile File, Revision Revision, bool IsRecommended);

    /// <summary>The file row, its revision, tags, audit event and sidecar mark, added to the unit of work (not saved).</summary>
    private async Task<NewRows> AddRowsAsync(
        PrintStashDbContext context, IngestRequest request, Model model, bool created, string displayName, FileKind kind, StagedBlob staged, DateTime now, CancellationToken cancellationToken)
    {
        await BlobRows.EnsureAsync(context, staged.Hash, staged.Size, now, cancellationToken);
        var revision = await AssignRevisionAsync(context, model, created, displayName, kind, now, cancellationToken);
        var isRecommended = kind.IsPrintFile()
            && (created || !await context.Files.Live().AnyAsync(f => f.ModelId == model.Id && f.IsRecommended, cancellationToken));
        var file = NewFileRow(model.Id, revision.Id, displayName, kind, staged.Hash, staged.Size, request.Origin, request.Actor.UserId, isRecommended, now);
        context.Files.Add(file);
        model.UpdatedAt = now;
        model.CoverFileId ??= file.Id;
        await AddTagsAsync(context, model, request.Tags, cancellationToken);

        // One commit for everything: the rows, their audit event and the sidecar mark (the sidecar itself is
        // written after the commit by SidecarWriterWorker).
        audit.Add(context, request.Actor, "file.added", "file", file.Id.ToString(),
            new { name = displayName, model = model.Id, revision = revision.Number, origin = request.Origin.ToString(), hash = staged.Hash, size = staged.Size });
        await sidecars.MarkAsync(context, model, cancellationToken);
        return new NewRows(file, revision, isRecommended);
    }

    /// <summary>Whether the blob was placed by this ingest, once its placing has finished (false if placing failed).</summary>
    private static async Task<bool> PlacedAsync(Task<bool> placing)
    {
        try
        {
            return await placing;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<(Model? Model, bool Created)> FindOrCreateModelAsync(
        PrintStashDbContext context, IngestRequest request, string displayName, DateTime now, CancellationToken cancellationToken)
    {
        switch (request.Target)
        {
            case IngestTarget.ExistingModel existing:
                return (await context.Models.Live().FirstOrDefaultAsync(m => m.Id == existing.ModelId, cancellationToken), false);
            case IngestTarget.NewModel newModel:
                if (newModel.CollectionId is { } collectionId && !await context.Collections.AnyAsync(c => c.Id == collectionId, cancellationToken))
                {
                    return (null, false);
                }

                var model = new Model
                {
                    Id = Guid.CreateVersion7(),
                    Name = DisplayNames.Normalize(newModel.Name) ?? DisplayNames.WithoutExtensions(displayName),
                    OwnerId = request.Actor.UserId!.Value,
                    CollectionId = newModel.CollectionId,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                context.Models.Add(model);
                return (model, true);
            default:
                throw new ArgumentOutOfRangeException(nameof(request), "Unknown ingest target.");
        }
    }

    private static async Task<Revision> AssignRevisionAsync(
        PrintStashDbContext context, Model model, bool created, string displayName, FileKind kind, DateTime now, CancellationToken cancellationToken)
    {
        if (created)
        {
            var first = new Revision { Id = Guid.CreateVersion7(), ModelId = model.Id, Number = RevisionAssigner.Assign([], displayName, kind).Number, CreatedAt = now };
            context.Revisions.Add(first);
            return first;
        }

        var revisions = await context.Revisions.Where(r => r.ModelId == model.Id).ToListAsync(cancellationToken);
        var files = await context.Files.Where(f => f.ModelId == model.Id && f.DeletedAt == null)
            .Select(f => new { f.RevisionId, f.DisplayName, f.Kind })
            .ToListAsync(cancellationToken);
        var views = revisions
            .Select(r => new RevisionView(r.Id, r.Number, files.Where(f => f.RevisionId == r.Id)
                .Select(f => (f.DisplayName, Enum.TryParse<FileKind>(f.Kind, out var k) ? k : FileKind.Unknown)).ToList()))
            .ToList();

        var choice = RevisionAssigner.Assign(views, displayName, kind);
        if (choice.ExistingRevisionId is { } existingId)
        {
            return revisions.First(r => r.Id == existingId);
        }

        var revision = new Revision { Id = Guid.CreateVersion7(), ModelId = model.Id, Number = choice.Number, CreatedAt = now };
        context.Revisions.Add(revision);
        return revision;
    }

    private static async Task AddTagsAsync(PrintStashDbContext context, Model model, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var names = TagLookup.Clean(tags).ToList();
        if (names.Count == 0)
        {
            return;
        }

        if (context.Entry(model).State != EntityState.Added)
        {
            await context.Entry(model).Collection(m => m.Tags).LoadAsync(cancellationToken);
        }

        foreach (var name in names)
        {
            var tag = await TagLookup.FindOrCreateAsync(context, name, cancellationToken);
            if (!model.Tags.Contains(tag))
            {
                model.Tags.Add(tag);
            }
        }
    }

    // ENOSPC (28) / EDQUOT (122) on Unix, ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.
    private static bool IsDiskFull(IOException ex) => ex is StorageFullException || (ex.HResult & 0xFFFF) is 28 or 122 or 0x70 or 0x27;

    /// <summary>A new file row as every entry point writes it: needs test, processing pending.</summary>
    private static VaultFile NewFileRow(
        Guid modelId, Guid revisionId, string displayName, FileKind kind, string hash, long size, IngestOrigin origin, Guid? addedById, bool isRecommended, DateTime now) =>
        new()
        {
            Id = Guid.CreateVersion7(),
            ModelId = modelId,
            RevisionId = revisionId,
            DisplayName = displayName,
            Kind = kind.ToString(),
            IsPrintFile = kind.IsPrintFile(),
            BlobHash = hash,
            Size = size,
            Origin = origin,
            AddedById = addedById,
            CreatedAt = now,
            PrintStatus = PrintStatus.NeedsTest,
            IsRecommended = isRecommended,
            ThumbnailState = ProcessingState.Pending,
            MetadataState = ProcessingState.Pending,
        };
}
