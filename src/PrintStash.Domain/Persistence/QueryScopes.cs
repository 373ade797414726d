using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence;

/// <summary>Named query scopes: the only place that spells out what "active" or "usable" means.</summary>
public static class QueryScopes
{
    public static IQueryable<User> Active(this IQueryable<User> users) => users.Where(u => u.IsActive);

    public static IQueryable<ApiKey> NotRevoked(this IQueryable<ApiKey> keys) => keys.Where(k => k.RevokedAt == null);
}
