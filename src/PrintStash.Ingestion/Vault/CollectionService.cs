using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Vault;

public sealed record CollectionNode(Guid Id, string Name, Guid? ParentId, int ModelCount, IReadOnlyList<CollectionNode> Children);

/// <summary>Nested collections: create, rename, move (never under itself), delete when empty.</summary>
public sealed class CollectionService(IDbContextFactory<PrintStashDbContext> contextFactory, IAuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 128;
    public const int MaxDepth = 16;

    public async Task<IReadOnlyList<CollectionNode>> TreeAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var all = await context.Collections.AsNoTracking().ToListAsync(cancellationToken);
        var counts = await context.Models.Live().Where(m => m.CollectionId != null)
            .GroupBy(m => m.CollectionId).Select(g => new { Id = g.Key!.Value, Count = g.Count() })
            .ToDictionaryAsync(x => x.Id, x => x.Count, cancellationToken);
        return Build(null, all, counts, 0);
    }

    public async Task<(Guid? Id, VaultResult Result)> CreateAsync(string? name, Guid? parentId, AuditActor actor, CancellationToken cancellationToken)
    {
        var clean = name?.Trim() ?? string.Empty;
        if (clean.Length is 0 or > MaxNameLength)
        {
            return (null, VaultResult.Invalid($"Collection names are 1 to {MaxNameLength} characters."));
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (parentId is { } parent && !await context.Collections.AnyAsync(c => c.Id == parent, cancellationToken))
        {
            return (null, VaultResult.Invalid("The parent collection does not exist."));
        }

        if (await context.Collections.AnyAsync(c => c.ParentId == parentId && c.Name == clean, cancellationToken))
        {
            return (null, VaultResult.Invalid($"There is already a collection named '{clean}' here."));
        }

        var collection = new Collection { Id = Guid.NewGuid(), Name = clean, ParentId = parentId, CreatedAt = time.GetUtcNow().UtcDateTime };
        context.Collections.Add(collection);
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "collection.created", "collection", collection.Id.ToString(), new { name = clean, parentId }, cancellationToken);
        return (collection.Id, VaultResult.Ok);
    }

    public async Task<VaultResult> UpdateAsync(Guid id, string? name, Guid? newParentId, bool moveToRoot, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var collection = await context.Collections.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (collection is null)
        {
            return VaultResult.NotFound("collection");
        }

        if (name is not null)
        {
            var clean = name.Trim();
            if (clean.Length is 0 or > MaxNameLength)
            {
                return VaultResult.Invalid($"Collection names are 1 to {MaxNameLength} characters.");
            }

            collection.Name = clean;
        }

        if (moveToRoot)
        {
            collection.ParentId = null;
        }
        else if (newParentId is { } parentId)
        {
            var parents = await context.Collections.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.ParentId, cancellationToken);
            if (!parents.ContainsKey(parentId))
            {
                return VaultResult.Invalid("The parent collection does not exist.");
            }

            for (Guid? at = parentId; at is { } current; at = parents.GetValueOrDefault(current))
            {
                if (current == id)
                {
                    return VaultResult.Invalid("A collection cannot be moved into itself or one of its own sub-collections.");
                }
            }

            collection.ParentId = parentId;
        }

        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "collection.updated", "collection", id.ToString(), new { name, newParentId, moveToRoot }, cancellationToken);
        return VaultResult.Ok;
    }

    public async Task<VaultResult> DeleteAsync(Guid id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var collection = await context.Collections.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (collection is null)
        {
            return VaultResult.NotFound("collection");
        }

        if (await context.Collections.AnyAsync(c => c.ParentId == id, cancellationToken) || await context.Models.AnyAsync(m => m.CollectionId == id, cancellationToken))
        {
            return VaultResult.Invalid("Only an empty collection can be deleted: move its models and sub-collections first.");
        }

        context.Collections.Remove(collection);
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "collection.deleted", "collection", id.ToString(), new { name = collection.Name }, cancellationToken);
        return VaultResult.Ok;
    }

    private static List<CollectionNode> Build(Guid? parentId, List<Collection> all, Dictionary<Guid, int> counts, int depth) =>
        depth > MaxDepth
            ? []
            : all.Where(c => c.ParentId == parentId)
                .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .Select(c => new CollectionNode(c.Id, c.Name, c.ParentId, counts.GetValueOrDefault(c.Id), Build(c.Id, all, counts, depth + 1)))
                .ToList();
}
