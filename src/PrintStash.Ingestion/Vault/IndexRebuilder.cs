using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Processing;
using PrintStash.Ingestion.Storage;

namespace PrintStash.Ingestion.Vault;

public sealed record RebuildReport(int ModelsRestored, int FilesRestored, int ModelsAlreadyIndexed, int FilesWithMissingBytes, IReadOnlyList<string> UnreadableSidecars);

/// <summary>
/// "Rebuild index from storage": recreates the rows of every model whose printstash.json is on disk but which the
/// database does not know (e.g. after restoring storage without the database). Existing rows are left as they are.
/// </summary>
public sealed class IndexRebuilder(
    StoragePaths paths,
    BlobStore blobs,
    IDbContextFactory<PrintStashDbContext> contextFactory,
    VaultWriteLock writeLock,
    FileProcessingQueue processing,
    IAuditLog audit,
    TimeProvider time,
    ILogger<IndexRebuilder> logger)
{
    public async Task<RebuildReport> RebuildAsync(AuditActor actor, CancellationToken cancellationToken)
    {
        var restoredModels = 0;
        var restoredFiles = 0;
        var alreadyIndexed = 0;
        var missingBytes = 0;
        var unreadable = new List<string>();
        var queued = new List<Guid>();

        using (await writeLock.AcquireAsync(cancellationToken))
        {
            foreach (var path in Directory.Exists(paths.ModelsRoot)
                         ? Directory.EnumerateFiles(paths.ModelsRoot, ModelSidecar.FileName, SearchOption.AllDirectories)
                         : [])
            {
                var sidecar = await ReadAsync(path, cancellationToken);
                if (sidecar is null)
                {
                    unreadable.Add(Path.GetRelativePath(paths.Root, path));
                    continue;
                }

                await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
                if (await context.Models.AnyAsync(m => m.Id == sidecar.Model.Id, cancellationToken))
                {
                    alreadyIndexed++;
                    continue;
                }

                var (files, missing) = await RestoreAsync(context, sidecar, cancellationToken);
                await context.SaveChangesAsync(cancellationToken);
                restoredModels++;
                restoredFiles += files.Count;
                missingBytes += missing;
                queued.AddRange(files);
            }
        }

        foreach (var id in queued)
        {
            processing.Enqueue(id);
        }

        var report = new RebuildReport(restoredModels, restoredFiles, alreadyIndexed, missingBytes, unreadable);
        await audit.WriteAsync(actor, "vault.rebuilt", "vault", null, report, cancellationToken);
        logger.LogInformation("Index rebuild: {Models} model(s) and {Files} file(s) restored, {Known} already indexed, {Missing} file(s) without bytes, {Bad} unreadable sidecar(s).",
            restoredModels, restoredFiles, alreadyIndexed, missingBytes, unreadable.Count);
        return report;
    }

    private async Task<(List<Guid> Files, int Missing)> RestoreAsync(PrintStashDbContext context, ModelSidecar sidecar, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var m = sidecar.Model;
        var ownerId = await context.Users.AnyAsync(u => u.Id == m.OwnerId, cancellationToken)
            ? m.OwnerId
            : await context.Users.Active().Where(u => u.Role == UserRole.Admin).OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstAsync(cancellationToken);
        var model = new Model
        {
            Id = m.Id,
            Name = DisplayNames.Normalize(m.Name) ?? "Restored model",
            Description = m.Description,
            Creator = m.Creator,
            SourceUrl = m.SourceUrl,
            License = m.License,
            Notes = m.Notes,
            OwnerId = ownerId,
            CollectionId = await CollectionIdAsync(context, m.Collection, now, cancellationToken),
            CreatedAt = m.CreatedAt,
            UpdatedAt = m.UpdatedAt,
            DeletedAt = m.DeletedAt,
        };
        context.Models.Add(model);
        foreach (var tagName in TagLookup.Clean(m.Tags))
        {
            model.Tags.Add(await TagLookup.FindOrCreateAsync(context, tagName, cancellationToken));
        }

        foreach (var r in sidecar.Revisions)
        {
            context.Revisions.Add(new Revision { Id = r.Id, ModelId = model.Id, Number = r.Number, Label = r.Label, CreatedAt = r.CreatedAt });
        }

        var restored = new List<Guid>();
        var missing = 0;
        foreach (var f in sidecar.Files.Where(f => sidecar.Revisions.Any(r => r.Id == f.RevisionId)))
        {
            if (!blobs.Exists(f.Hash))
            {
                missing++;
                continue;
            }

            await BlobRows.EnsureAsync(context, f.Hash, new FileInfo(blobs.PathOf(f.Hash)).Length, now, cancellationToken);

            context.Files.Add(new VaultFile
            {
                Id = f.Id,
                ModelId = model.Id,
                RevisionId = f.RevisionId,
                DisplayName = DisplayNames.Normalize(f.Name) ?? f.Hash,
                Kind = f.Kind,
                IsPrintFile = Enum.TryParse<Formats.FileKind>(f.Kind, out var kind) && Formats.FileKinds.IsPrintFile(kind),
                BlobHash = f.Hash,
                Size = f.Size,
                Origin = f.Origin,
                CreatedAt = f.CreatedAt,
                DeletedAt = f.DeletedAt,
                PrintStatus = f.PrintStatus,
                Label = f.Label,
                Notes = f.Notes,
                IsRecommended = f.Recommended,
                ThumbnailState = ProcessingState.Pending,
                MetadataState = ProcessingState.Pending,
            });
            restored.Add(f.Id);
        }

        model.CoverFileId = restored.FirstOrDefault() is var first && first != Guid.Empty ? first : null;
        return (restored, missing);
    }

    private static async Task<Guid?> CollectionIdAsync(PrintStashDbContext context, string? name, DateTime now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var existing = context.Collections.Local.FirstOrDefault(c => c.Name == name && c.ParentId == null)
            ?? await context.Collections.FirstOrDefaultAsync(c => c.Name == name && c.ParentId == null, cancellationToken);
        return (existing ?? context.Collections.Add(new Collection { Id = Guid.NewGuid(), Name = name, CreatedAt = now }).Entity).Id;
    }

    private static async Task<ModelSidecar?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            var sidecar = await JsonSerializer.DeserializeAsync<ModelSidecar>(stream, ModelSidecar.Json, cancellationToken);
            return sidecar is { Format: ModelSidecar.CurrentFormat, Model: not null, Revisions: not null, Files: not null } ? sidecar : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
