using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Vault;

/// <summary>Each user's own favourite models.</summary>
public sealed class FavoriteService(IDbContextFactory<PrintStashDbContext> contextFactory, TimeProvider time)
{
    public async Task<VaultResult> SetAsync(Guid userId, Guid modelId, bool favorite, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await context.Models.Live().AnyAsync(m => m.Id == modelId, cancellationToken))
        {
            return VaultResult.NotFound("model");
        }

        var existing = await context.Favorites.FindAsync([userId, modelId], cancellationToken);
        if (favorite && existing is null)
        {
            context.Favorites.Add(new Favorite { UserId = userId, ModelId = modelId, CreatedAt = time.GetUtcNow().UtcDateTime });
        }
        else if (!favorite && existing is not null)
        {
            context.Favorites.Remove(existing);
        }

        await context.SaveChangesAsync(cancellationToken);
        return VaultResult.Ok;
    }

    public async Task<bool> IsFavoriteAsync(Guid userId, Guid modelId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Favorites.AnyAsync(f => f.UserId == userId && f.ModelId == modelId, cancellationToken);
    }
}
