using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Processing;

namespace PrintStash.Ingestion.Pipeline;

// The in-place entry of the one pipeline: the same revision rule, recommended print file, file rows, and
// thumbnail/metadata queue as PersistAsync, but no bytes are copied and a whole batch commits at once (a
// library of 100,000 files cannot afford a transaction, an audit row and a sidecar per file).
public sealed partial class IngestionPipeline
{
    private const int QueryChunk = 500;

    public async Task<InPlaceResult> PersistInPlaceAsync(InPlaceRequest request, CancellationToken cancellationToken)
    {
        var rejected = new List<InPlaceRejection>();
        var added = new List<VaultFile>();
        var modelsCreated = 0;
        var touchedModels = new HashSet<Guid>();

        using (await writeLock.AcquireAsync(cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            context.ChangeTracker.AutoDetectChangesEnabled = false;
            var now = time.GetUtcNow().UtcDateTime;

            var folders = request.Models.Select(m => m.Folder).Distinct(StringComparer.Ordinal).ToList();
            var models = await LoadLibraryModelsAsync(context, request.VolumeId, folders, cancellationToken);
            var revisionViews = await LoadRevisionViewsAsync(context, models.Values.Select(m => m.Model.Id).ToList(), cancellationToken);
            var blobRows = new List<Blob>();
            var newModels = new List<Model>();
            var newRevisions = new List<Revision>();
            // Blob rows of this batch, once per hash; a hash the vault already knows is skipped by the insert itself.
            var batchHashes = new HashSet<string>(StringComparer.Ordinal);

            foreach (var group in request.Models)
            {
                if (!models.TryGetValue(group.Folder, out var entry))
                {
                    var model = new Model
                    {
                        Id = Guid.CreateVersion7(),
                        Name = DisplayNames.Normalize(group.ModelName) ?? group.Folder,
                        OwnerId = request.OwnerId,
                        CreatedAt = now,
                        UpdatedAt = now,
                        LibraryVolumeId = request.VolumeId,
                        LibraryFolder = group.Folder,
                    };
                    newModels.Add(model);
                    entry = new LibraryModelState(model, HasRecommended: false);
                    models[group.Folder] = entry;
                    revisionViews[model.Id] = [];
                    modelsCreated++;
                }

                var views = revisionViews[entry.Model.Id];
                // Source files first, so the print files sliced from them land in their revision.
                foreach (var file in group.Files.OrderBy(f => FileKinds.FromFileName(f.RelativePath).IsPrintFile()).ThenBy(f => f.RelativePath, StringComparer.Ordinal))
                {
                    var displayName = DisplayNames.Normalize(Path.GetFileName(file.RelativePath));
                    var kind = displayName is null ? FileKind.Unknown : FileKinds.FromFileName(displayName);
                    if (displayName is null || kind == FileKind.Unknown)
                    {
                        rejected.Add(new InPlaceRejection(file.RelativePath, "not a file type PrintStash indexes"));
                        continue;
                    }

                    var revisionId = AssignInMemory(newRevisions, views, entry.Model.Id, displayName, kind, now);
                    var recommended = kind.IsPrintFile() && !entry.HasRecommended;
                    if (recommended)
                    {
                        entry = entry with { HasRecommended = true };
                        models[group.Folder] = entry;
                    }

                    if (batchHashes.Add(file.Hash))
                    {
                        blobRows.Add(new Blob { Hash = file.Hash, Size = file.Size, CreatedAt = now });
                    }

                    var row = NewFileRow(entry.Model.Id, revisionId, displayName, kind, file.Hash, file.Size, IngestOrigin.Library, request.Actor.UserId, recommended, now);
                    row.LibraryVolumeId = request.VolumeId;
                    row.LibraryPath = file.RelativePath;
                    row.SourceModifiedTicks = file.ModifiedTicks;
                    added.Add(row);
                    touchedModels.Add(entry.Model.Id);
                    if (entry.Model.CoverFileId is null)
                    {
                        entry.Model.CoverFileId = row.Id;
                        MarkModified(context, entry.Model);
                    }
                }

                if (touchedModels.Contains(entry.Model.Id) && entry.Model.UpdatedAt != now)
                {
                    entry.Model.UpdatedAt = now;
                    MarkModified(context, entry.Model);
                }
            }

            if (added.Count > 0)
            {
                // Existing models (cover, UpdatedAt) through the change tracker; new models, revisions, blobs and files as
                // prepared bulk inserts, parents first; one transaction.
                await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
                context.ChangeTracker.DetectChanges();
                await context.SaveChangesAsync(cancellationToken);
                await BulkInsert.InsertAsync(context, newModels, cancellationToken);
                await BulkInsert.InsertAsync(context, newRevisions, cancellationToken);
                await BulkInsert.InsertAsync(context, blobRows, cancellationToken, skipExistingKeys: true);
                await BulkInsert.InsertAsync(context, added, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }

        if (added.Count > 0)
        {
            await audit.WriteAsync(request.Actor, "library.indexed", "library", request.VolumeId.ToString(),
                new { volume = request.VolumeName, files = added.Count, models = touchedModels.Count, modelsCreated }, cancellationToken);
            if (request.QueueProcessing)
            {
                foreach (var file in added)
                {
                    processing.Enqueue(file.Id);
                }
            }

            foreach (var modelId in touchedModels)
            {
                changes.Publish(new VaultChange(VaultChangeKind.FileAdded, modelId, null));
            }
        }

        return new InPlaceResult(added.Count, modelsCreated, rejected);
    }

    private static void MarkModified(PrintStashDbContext context, Model model)
    {
        var entry = context.Entry(model);
        if (entry.State == EntityState.Unchanged)
        {
            entry.State = EntityState.Modified;
        }
    }

    private static Guid AssignInMemory(List<Revision> newRevisions, List<MutableRevision> views, Guid modelId, string displayName, FileKind kind, DateTime now)
    {
        var snapshot = views.Select(v => new RevisionView(v.Id, v.Number, v.Files)).ToList();
        var choice = RevisionAssigner.Assign(snapshot, displayName, kind);
        var target = choice.ExistingRevisionId is { } id ? views.First(v => v.Id == id) : null;
        if (target is null)
        {
            var revision = new Revision { Id = Guid.CreateVersion7(), ModelId = modelId, Number = choice.Number, CreatedAt = now };
            newRevisions.Add(revision);
            target = new MutableRevision(revision.Id, revision.Number, []);
            views.Add(target);
        }

        target.Files.Add((displayName, kind));
        return target.Id;
    }

    private static async Task<Dictionary<string, LibraryModelState>> LoadLibraryModelsAsync(
        PrintStashDbContext context, Guid volumeId, List<string> folders, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, LibraryModelState>(StringComparer.Ordinal);
        foreach (var chunk in folders.Chunk(QueryChunk))
        {
            var models = await context.Models.Live()
                .Where(m => m.LibraryVolumeId == volumeId && chunk.Contains(m.LibraryFolder!))
                .ToListAsync(cancellationToken);
            var ids = models.Select(m => m.Id).ToList();
            var withRecommended = await context.Files.Live()
                .Where(f => ids.Contains(f.ModelId) && f.IsRecommended)
                .Select(f => f.ModelId).Distinct().ToListAsync(cancellationToken);
            foreach (var model in models)
            {
                result.TryAdd(model.LibraryFolder!, new LibraryModelState(model, withRecommended.Contains(model.Id)));
            }
        }

        return result;
    }

    private static async Task<Dictionary<Guid, List<MutableRevision>>> LoadRevisionViewsAsync(
        PrintStashDbContext context, List<Guid> modelIds, CancellationToken cancellationToken)
    {
        var result = modelIds.ToDictionary(id => id, _ => new List<MutableRevision>());
        foreach (var chunk in modelIds.Chunk(QueryChunk))
        {
            var revisions = await context.Revisions.AsNoTracking().Where(r => chunk.Contains(r.ModelId))
                .Select(r => new { r.Id, r.ModelId, r.Number }).ToListAsync(cancellationToken);
            var files = await context.Files.AsNoTracking().Where(f => chunk.Contains(f.ModelId) && f.DeletedAt == null)
                .Select(f => new { f.RevisionId, f.DisplayName, f.Kind }).ToListAsync(cancellationToken);
            var byRevision = files.ToLookup(f => f.RevisionId);
            foreach (var revision in revisions)
            {
                result[revision.ModelId].Add(new MutableRevision(revision.Id, revision.Number,
                    byRevision[revision.Id].Select(f => (f.DisplayName, Enum.TryParse<FileKind>(f.Kind, out var k) ? k : FileKind.Unknown)).ToList()));
            }
        }

        return result;
    }

    private sealed record LibraryModelState(Model Model, bool HasRecommended);

    private sealed record MutableRevision(Guid Id, int Number, List<(string Name, FileKind Kind)> Files);
}
