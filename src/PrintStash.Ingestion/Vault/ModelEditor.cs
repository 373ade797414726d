using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Processing;

namespace PrintStash.Ingestion.Vault;

/// <summary>A partial change to a model: null leaves a field as it is; an empty string clears an optional one.</summary>
public sealed record ModelEdit(
    string? Name = null,
    string? Description = null,
    string? Creator = null,
    string? SourceUrl = null,
    string? License = null,
    string? Notes = null,
    IReadOnlyList<string>? Tags = null,
    Guid? CollectionId = null,
    bool ClearCollection = false);

/// <summary>Edits a model's descriptive fields, tags and collection, with the same name rules as the pipeline.</summary>
public sealed class ModelEditor(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    VaultWriteLock writeLock,
    ModelSidecarWriter sidecars,
    VaultChangeFeed changes,
    IAuditLog audit,
    TimeProvider time)
{
    public const int MaxTags = 50;
    public const int MaxTagLength = TagLookup.MaxTagLength;

    public async Task<VaultResult> UpdateAsync(Guid modelId, ModelEdit edit, AuditActor actor, CancellationToken cancellationToken)
    {
        if (Validate(edit) is { } problem)
        {
            return VaultResult.Invalid(problem);
        }

        using (await writeLock.AcquireAsync(cancellationToken))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            var model = await context.Models.Live().Include(m => m.Tags).FirstOrDefaultAsync(m => m.Id == modelId, cancellationToken);
            if (model is null)
            {
                return VaultResult.NotFound("model");
            }

            if (edit.CollectionId is { } collectionId && !await context.Collections.AnyAsync(c => c.Id == collectionId, cancellationToken))
            {
                return VaultResult.Invalid("That collection does not exist.");
            }

            model.Name = edit.Name is null ? model.Name : DisplayNames.Normalize(edit.Name)!;
            model.Description = Optional(edit.Description, model.Description);
            model.Creator = Optional(edit.Creator, model.Creator);
            model.SourceUrl = Optional(edit.SourceUrl, model.SourceUrl);
            model.License = Optional(edit.License, model.License);
            model.Notes = Optional(edit.Notes, model.Notes);
            model.CollectionId = edit.ClearCollection ? null : edit.CollectionId ?? model.CollectionId;
            if (edit.Tags is not null)
            {
                await ReplaceTagsAsync(context, model, edit.Tags, cancellationToken);
            }

            model.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await context.SaveChangesAsync(cancellationToken);
        }

        await sidecars.WriteAsync(modelId, cancellationToken);
        await audit.WriteAsync(actor, "model.updated", "model", modelId.ToString(), edit, cancellationToken);
        changes.Publish(new VaultChange(VaultChangeKind.ModelChanged, modelId, null));
        return VaultResult.Ok;
    }

    public static string? Validate(ModelEdit edit)
    {
        if (edit.Name is not null && DisplayNames.Normalize(edit.Name) is null)
        {
            return "The name cannot be empty.";
        }

        if (edit.Description?.Length > 20_000 || edit.Notes?.Length > 20_000)
        {
            return "Descriptions and notes are at most 20,000 characters.";
        }

        if (edit.Creator?.Length > 255 || edit.License?.Length > 128)
        {
            return "The creator is at most 255 characters and the license at most 128.";
        }

        if (!string.IsNullOrWhiteSpace(edit.SourceUrl)
            && (edit.SourceUrl.Length > 2048 || !Uri.TryCreate(edit.SourceUrl.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            return "The source URL must be a web address starting with http:// or https://.";
        }

        if (edit.Tags is { } tags && (tags.Count > MaxTags || tags.Any(t => t.Trim().Length is 0 or > MaxTagLength)))
        {
            return $"A model has at most {MaxTags} tags of 1 to {MaxTagLength} characters.";
        }

        return null;
    }

    private static string? Optional(string? edited, string? current) =>
        edited is null ? current : string.IsNullOrWhiteSpace(edited) ? null : edited.Trim();

    private static async Task ReplaceTagsAsync(PrintStashDbContext context, Model model, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        model.Tags.Clear();
        foreach (var name in TagLookup.Clean(names))
        {
            model.Tags.Add(await TagLookup.FindOrCreateAsync(context, name, cancellationToken));
        }
    }
}
