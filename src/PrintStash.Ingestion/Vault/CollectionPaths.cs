using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Vault;

/// <summary>
/// Folder paths from outside ("farm/batch-12", "a\b") mapped onto nested collections, creating the missing ones.
/// A path never climbs: "..", "." and drive or device prefixes are refused, not resolved.
/// </summary>
public sealed class CollectionPaths(IDbContextFactory<PrintStashDbContext> contextFactory, CollectionService collections)
{
    public const int MaxPathLength = 1024;

    /// <summary>The path's folder names, or an error in words.</summary>
    public static (IReadOnlyList<string>? Segments, string? Error) Parse(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return ([], null);
        }

        if (path.Length > MaxPathLength)
        {
            return (null, $"The folder path is longer than {MaxPathLength} characters.");
        }

        var segments = new List<string>();
        foreach (var raw in path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw is "." or ".." || raw.Contains(':', StringComparison.Ordinal) || raw.Any(char.IsControl))
            {
                return (null, $"The folder path '{path}' is not allowed: use folder names separated by '/', without '..', '.' or ':'.");
            }

            if (raw.Length > CollectionService.MaxNameLength)
            {
                return (null, $"Folder names are at most {CollectionService.MaxNameLength} characters.");
            }

            segments.Add(raw);
        }

        return segments.Count > CollectionService.MaxDepth
            ? (null, $"Folders nest at most {CollectionService.MaxDepth} deep.")
            : (segments, null);
    }

    /// <summary>The collection for <paramref name="path"/> (null for the root), created level by level where missing.</summary>
    public async Task<(Guid? Id, string? Error)> EnsureAsync(string? path, AuditActor actor, CancellationToken cancellationToken)
    {
        var (segments, error) = Parse(path);
        if (segments is null)
        {
            return (null, error);
        }

        Guid? parent = null;
        foreach (var name in segments)
        {
            var existing = await FindChildAsync(parent, name, cancellationToken);
            if (existing is null)
            {
                var (created, result) = await collections.CreateAsync(name, parent, actor, cancellationToken);
                // Another upload may have created the same folder a moment ago: take theirs.
                existing = created ?? await FindChildAsync(parent, name, cancellationToken);
                if (existing is null)
                {
                    return (null, result.Error ?? $"The folder '{name}' could not be created.");
                }
            }

            parent = existing;
        }

        return (parent, null);
    }

    private async Task<Guid?> FindChildAsync(Guid? parent, string name, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var siblings = await context.Collections.AsNoTracking().Where(c => c.ParentId == parent)
            .Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        return siblings.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))?.Id;
    }
}
