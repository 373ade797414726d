using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Vault;

/// <summary>Tags are shared by name (case-insensitive); this finds one, or creates it in the context.</summary>
public static class TagLookup
{
    public const int MaxTagLength = 64;

    /// <summary>Trimmed, non-empty, at most <see cref="MaxTagLength"/> characters, each name once whatever its case.</summary>
    public static IEnumerable<string> Clean(IEnumerable<string> names) =>
        names.Select(n => n.Trim()).Where(n => n.Length is > 0 and <= MaxTagLength).Distinct(StringComparer.OrdinalIgnoreCase);

    public static async Task<Tag> FindOrCreateAsync(PrintStashDbContext context, string name, CancellationToken cancellationToken)
    {
        var normalized = Tag.Normalize(name);
        return context.Tags.Local.FirstOrDefault(t => t.NormalizedName == normalized)
            ?? await context.Tags.FirstOrDefaultAsync(t => t.NormalizedName == normalized, cancellationToken)
            ?? context.Tags.Add(new Tag { Id = Guid.NewGuid(), Name = name, NormalizedName = normalized }).Entity;
    }
}
