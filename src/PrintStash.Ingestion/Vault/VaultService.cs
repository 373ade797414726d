using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Processing;

namespace PrintStash.Ingestion.Vault;

public enum VaultFailure
{
    NotFound,
    Invalid,
}

/// <summary>The outcome of a vault change: done, or why not, in words.</summary>
public sealed record VaultResult(bool Succeeded, string? Error = null, VaultFailure Failure = VaultFailure.Invalid)
{
    public static readonly VaultResult Ok = new(true);

    public static VaultResult NotFound(string what) => new(false, $"No such {what}.", VaultFailure.NotFound);

    public static VaultResult Invalid(string error) => new(false, error);
}

/// <summary>
/// Changes to models and files after they are in the vault: print status, the recommended print file, trash and
/// restore. Keeps "exactly one live print file of a model is recommended" true on every path.
/// </summary>
public sealed class VaultService(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    VaultWriteLock writeLock,
    ModelSidecarWriter sidecars,
    VaultChangeFeed changes,
    IAuditLog audit,
    TimeProvider time)
{
    public async Task<VaultResult> SetPrintStatusAsync(Guid fileId, PrintStatus status, string? label, string? notes, AuditActor actor, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(status))
        {
            return VaultResult.Invalid("Unknown status: use NeedsTest, KnownGood, Failed or Archived.");
        }

        if (label?.Length > 128 || notes?.Length > 20_000)
        {
            return VaultResult.Invalid("Labels are at most 128 characters and notes at most 20,000.");
        }

        return await ChangeFileAsync(fileId, actor, "file.status_changed", cancellationToken, (_, file) =>
        {
            if (!file.IsPrintFile)
            {
                return Task.FromResult(VaultResult.Invalid("Only print files (G-code) have a status."));
            }

            file.PrintStatus = status;
            // null keeps a value; an empty string clears it.
            file.Label = label is null ? file.Label : label.Trim() is { Length: > 0 } newLabel ? newLabel : null;
            file.Notes = notes is null ? file.Notes : notes.Trim() is { Length: > 0 } newNotes ? newNotes : null;
            return Task.FromResult(VaultResult.Ok);
        });
    }

    public Task<VaultResult> MarkRecommendedAsync(Guid fileId, AuditActor actor, CancellationToken cancellationToken) =>
        ChangeFileAsync(fileId, actor, "file.recommended", cancellationToken, async (context, file) =>
        {
            if (!file.IsPrintFile)
            {
                return VaultResult.Invalid("Only print files (G-code) can be recommended.");
            }

            await foreach (var other in context.Files.Where(f => f.ModelId == file.ModelId && f.IsRecommended && f.Id != file.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                other.IsRecommended = false;
            }

            file.IsRecommended = true;
            return VaultResult.Ok;
        });

    public Task<VaultResult> TrashFileAsync(Guid fileId, AuditActor actor, CancellationToken cancellationToken) =>
        ChangeFileAsync(fileId, actor, "file.trashed", cancellationToken, async (context, file) =>
        {
            file.DeletedAt = time.GetUtcNow().UtcDateTime;
            if (file.IsRecommended)
            {
                file.IsRecommended = false;
                var next = await context.Files.Live()
                    .Where(f => f.ModelId == file.ModelId && f.IsPrintFile && f.Id != file.Id)
                    .OrderByDescending(f => f.CreatedAt)
                    .FirstOrDefaultAsync(cancellationToken);
                next?.IsRecommended = true;
            }

            var model = await context.Models.FirstAsync(m => m.Id == file.ModelId, cancellationToken);
            if (model.CoverFileId == file.Id)
            {
                // The cover moves to a live file, one with a picture if there is any.
                model.CoverFileId = await context.Files.Live()
                    .Where(f => f.ModelId == file.ModelId && f.Id != file.Id)
                    .OrderBy(f => f.ThumbnailHash == null).ThenByDescending(f => f.CreatedAt)
                    .Select(f => (Guid?)f.Id)
                    .FirstOrDefaultAsync(cancellationToken);
            }

            return VaultResult.Ok;
        }, includeTrashed: false);

    public Task<VaultResult> RestoreFileAsync(Guid fileId, AuditActor actor, CancellationToken cancellationToken) =>
        ChangeFileAsync(fileId, actor, "file.restored", cancellationToken, async (context, file) =>
        {
            if (file.DeletedAt is null)
            {
                return VaultResult.Ok;
            }

            file.DeletedAt = null;
            file.IsRecommended = file.IsPrintFile
                && !await context.Files.Live().AnyAsync(f => f.ModelId == file.ModelId && f.IsRecommended && f.Id != file.Id, cancellationToken);
            return VaultResult.Ok;
        }, includeTrashed: true);

    public Task<VaultResult> TrashModelAsync(Guid modelId, AuditActor actor, CancellationToken cancellationToken) =>
        ChangeModelAsync(modelId, actor, "model.trashed", cancellationToken, model =>
        {
            model.DeletedAt ??= time.GetUtcNow().UtcDateTime;
            return VaultResult.Ok;
        });

    public Task<VaultResult> RestoreModelAsync(Guid modelId, AuditActor actor, CancellationToken cancellationToken) =>
        ChangeModelAsync(modelId, actor, "model.restored", cancellationToken, model =>
        {
            model.DeletedAt = null;
            return VaultResult.Ok;
        });

    private async Task<VaultResult> ChangeFileAsync(
        Guid fileId, AuditActor actor, string action, CancellationToken cancellationToken,
        Func<PrintStashDbContext, VaultFile, Task<VaultResult>> change, bool includeTrashed = false)
    {
        Guid modelId;
        using (await writeLock.AcquireAsync(cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            var query = includeTrashed ? context.Files.Where(f => f.Model!.DeletedAt == null) : context.Files.Live();
            var file = await query.FirstOrDefaultAsync(f => f.Id == fileId, cancellationToken);
            if (file is null)
            {
                return VaultResult.NotFound("file");
            }

            var result = await change(context, file);
            if (!result.Succeeded)
            {
                return result;
            }

            modelId = file.ModelId;
            var model = await context.Models.FirstAsync(m => m.Id == modelId, cancellationToken);
            model.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await context.SaveChangesAsync(cancellationToken);
        }

        await FinishAsync(modelId, fileId, actor, action, cancellationToken);
        return VaultResult.Ok;
    }

    private async Task<VaultResult> ChangeModelAsync(Guid modelId, AuditActor actor, string action, CancellationToken cancellationToken, Func<Model, VaultResult> change)
    {
        using (await writeLock.AcquireAsync(cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            var model = await context.Models.FirstOrDefaultAsync(m => m.Id == modelId, cancellationToken);
            if (model is null)
            {
                return VaultResult.NotFound("model");
            }

            var result = change(model);
            if (!result.Succeeded)
            {
                return result;
            }

            await context.SaveChangesAsync(cancellationToken);
        }

        await FinishAsync(modelId, null, actor, action, cancellationToken);
        return VaultResult.Ok;
    }

    private async Task FinishAsync(Guid modelId, Guid? fileId, AuditActor actor, string action, CancellationToken cancellationToken)
    {
        await sidecars.WriteAsync(modelId, cancellationToken);
        await audit.WriteAsync(actor, action, fileId is null ? "model" : "file", (fileId ?? modelId).ToString(), null, cancellationToken);
        changes.Publish(new VaultChange(VaultChangeKind.ModelChanged, modelId, fileId));
    }
}
