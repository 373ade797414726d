using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence;

/// <summary>Named query scopes: the only place that spells out what "active" or "usable" means.</summary>
public static class QueryScopes
{
    public static IQueryable<User> Active(this IQueryable<User> users) => users.Where(u => u.IsActive);

    public static IQueryable<Model> Live(this IQueryable<Model> models) => models.Where(m => m.DeletedAt == null);

    public static IQueryable<Model> Trashed(this IQueryable<Model> models) => models.Where(m => m.DeletedAt != null);

    /// <summary>Files that are not in the trash themselves and whose model is not either.</summary>
    public static IQueryable<VaultFile> Live(this IQueryable<VaultFile> files) => files.Where(f => f.DeletedAt == null && f.Model!.DeletedAt == null);

    public static IQueryable<VaultFile> Trashed(this IQueryable<VaultFile> files) => files.Where(f => f.DeletedAt != null);

    public static IQueryable<ApiKey> NotRevoked(this IQueryable<ApiKey> keys) => keys.Where(k => k.RevokedAt == null);
}
