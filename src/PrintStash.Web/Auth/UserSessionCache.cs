using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Web.Auth;

public sealed record SessionUser(Guid Id, string UserName, UserRole Role, bool IsActive, string SecurityStamp);

/// <summary>
/// Answers "is this session still valid?" (user active, stamp unchanged) for cookies and circuits without a
/// database query on every request; entries live briefly and are dropped at once when an account changes.
/// </summary>
public sealed class UserSessionCache(IDbContextFactory<PrintStashDbContext> contextFactory, IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public async Task<bool> IsValidAsync(Guid userId, string? stamp, CancellationToken cancellationToken)
    {
        var user = await GetAsync(userId, cancellationToken);
        return user is { IsActive: true } && string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal);
    }

    public async Task<SessionUser?> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(Key(userId), out SessionUser? cached))
        {
            return cached;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await context.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new SessionUser(u.Id, u.UserName, u.Role, u.IsActive, u.SecurityStamp))
            .FirstOrDefaultAsync(cancellationToken);
        cache.Set(Key(userId), user, Lifetime);
        return user;
    }

    public void Forget(Guid userId) => cache.Remove(Key(userId));

    private static string Key(Guid userId) => $"session-user:{userId}";
}
