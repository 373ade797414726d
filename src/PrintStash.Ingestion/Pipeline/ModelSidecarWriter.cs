using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Storage;

namespace PrintStash.Ingestion.Pipeline;

/// <summary>
/// Writes a model's printstash.json atomically (temp file, fsync, rename) from its current rows. Writes are
/// serialized: they share the temp name, and the later write must carry the later state.
/// </summary>
public sealed class ModelSidecarWriter(IDbContextFactory<PrintStashDbContext> contextFactory, StoragePaths paths)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task WriteAsync(Guid modelId, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await WriteCurrentAsync(modelId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task WriteCurrentAsync(Guid modelId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var model = await context.Models.AsNoTracking()
            .Include(m => m.Tags)
            .Include(m => m.Collection)
            .FirstOrDefaultAsync(m => m.Id == modelId, cancellationToken);
        if (model is null)
        {
            return;
        }

        var revisions = await context.Revisions.AsNoTracking().Where(r => r.ModelId == modelId).OrderBy(r => r.Number).ToListAsync(cancellationToken);
        // In-place library files are rebuilt by rescanning their volume, not from the sidecar (their bytes are not in the store).
        var files = await context.Files.AsNoTracking().Where(f => f.ModelId == modelId && f.LibraryVolumeId == null).OrderBy(f => f.CreatedAt).ToListAsync(cancellationToken);
        var sidecar = new ModelSidecar(
            ModelSidecar.CurrentFormat,
            new SidecarModel(model.Id, model.Name, model.Description, model.Creator, model.SourceUrl, model.License, model.Notes,
                model.OwnerId, model.Collection?.Name, model.Tags.Select(t => t.Name).Order(StringComparer.Ordinal).ToList(),
                model.CreatedAt, model.UpdatedAt, model.DeletedAt),
            revisions.Select(r => new SidecarRevision(r.Id, r.Number, r.Label, r.CreatedAt)).ToList(),
            files.Select(f => new SidecarFile(f.Id, f.RevisionId, f.DisplayName, f.Kind, f.BlobHash, f.Size, f.Origin, f.CreatedAt,
                f.DeletedAt, f.PrintStatus, f.Label, f.Notes, f.IsRecommended)).ToList());

        var folder = paths.ModelFolder(modelId);
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, ModelSidecar.FileName + StoragePaths.TempSuffix);
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(stream, sidecar, ModelSidecar.Json, cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Combine(folder, ModelSidecar.FileName), overwrite: true);
    }

    public void Delete(Guid modelId)
    {
        gate.Wait();
        try
        {
            var folder = paths.ModelFolder(modelId);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
