using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Web.Components.Vault;

/// <summary>Values the library's filters offer: tags of live models, filament types and printers of live files.</summary>
public sealed record LibraryFacets(IReadOnlyList<string> Tags, IReadOnlyList<string> Materials, IReadOnlyList<string> Printers)
{
    public static readonly LibraryFacets None = new([], [], []);
}

/// <summary>
/// Two small read-only lookups the vault pages need and <see cref="VaultQueries"/> does not offer (yet): which cover
/// thumbnails are still being made, and the values for the filter drop-downs. Each is one query.
/// </summary>
public static class VaultLookups
{
    private const int MaxFacetValues = 200;

    /// <summary>Cover files of these cards whose thumbnail is still pending (the card shows a spinner for them).</summary>
    public static async Task<IReadOnlySet<Guid>> PendingCoversAsync(
        IDbContextFactory<PrintStashDbContext> contextFactory, IEnumerable<ModelCard> cards, CancellationToken cancellationToken)
    {
        var covers = cards.Where(c => !c.HasThumbnail && c.CoverFileId is not null).Select(c => c.CoverFileId!.Value).Distinct().ToList();
        if (covers.Count == 0)
        {
            return new HashSet<Guid>();
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var pending = await context.Files.AsNoTracking()
            .Where(f => covers.Contains(f.Id) && f.ThumbnailState == ProcessingState.Pending)
            .Select(f => f.Id)
            .ToListAsync(cancellationToken);
        return pending.ToHashSet();
    }

    public static async Task<LibraryFacets> FacetsAsync(IDbContextFactory<PrintStashDbContext> contextFactory, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var tags = await context.Models.Live().SelectMany(m => m.Tags).Select(t => t.Name).Distinct().Take(MaxFacetValues).ToListAsync(cancellationToken);
        var materials = await context.Files.Live().Where(f => f.FilamentType != null).Select(f => f.FilamentType!).Distinct().Take(MaxFacetValues).ToListAsync(cancellationToken);
        var printers = await context.Files.Live().Where(f => f.PrinterModel != null).Select(f => f.PrinterModel!).Distinct().Take(MaxFacetValues).ToListAsync(cancellationToken);
        return new LibraryFacets(Sorted(tags), Sorted(materials), Sorted(printers));
    }

    private static List<string> Sorted(IEnumerable<string> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
}
