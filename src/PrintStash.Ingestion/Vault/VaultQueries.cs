using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Vault;

/// <summary>
/// The read side of the vault. Lists use keyset pagination (updated-at, id) on an index, so the first and the
/// thousandth page cost the same.
/// </summary>
public sealed class VaultQueries(IDbContextFactory<PrintStashDbContext> contextFactory)
{
    public const int MaxPageSize = 200;
    private const int MaxFacetValues = 200;

    public async Task<ModelPage> ListModelsAsync(ModelFilter filter, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var models = (filter.Trashed ? context.Models.Trashed() : context.Models.Live()).AsNoTracking();

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var q = filter.Search.Trim().ToUpperInvariant();
            models = models.Where(m => m.Name.ToUpper().Contains(q)
                || m.Tags.Any(t => t.NormalizedName.Contains(q))
                || context.Files.Any(f => f.ModelId == m.Id && f.DeletedAt == null
                    && ((f.FilamentType != null && f.FilamentType.ToUpper().Contains(q)) || (f.PrinterModel != null && f.PrinterModel.ToUpper().Contains(q)) || f.DisplayName.ToUpper().Contains(q))));
        }

        if (!string.IsNullOrWhiteSpace(filter.Tag))
        {
            var tag = Tag.Normalize(filter.Tag);
            models = models.Where(m => m.Tags.Any(t => t.NormalizedName == tag));
        }

        if (filter.CollectionId is { } collectionId)
        {
            models = models.Where(m => m.CollectionId == collectionId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Material))
        {
            var material = filter.Material.Trim().ToUpperInvariant();
            models = models.Where(m => context.Files.Any(f => f.ModelId == m.Id && f.DeletedAt == null && f.FilamentType != null && f.FilamentType.ToUpper() == material));
        }

        if (!string.IsNullOrWhiteSpace(filter.Printer))
        {
            var printer = filter.Printer.Trim().ToUpperInvariant();
            models = models.Where(m => context.Files.Any(f => f.ModelId == m.Id && f.DeletedAt == null && f.PrinterModel != null && f.PrinterModel.ToUpper().Contains(printer)));
        }

        if (filter.FavoritesOnly && filter.FavoritesOf is { } userId)
        {
            models = models.Where(m => context.Favorites.Any(f => f.UserId == userId && f.ModelId == m.Id));
        }

        if (KeysetCursor.Decode(filter.Cursor) is var (updatedAt, id))
        {
            models = models.Where(m => m.UpdatedAt < updatedAt || (m.UpdatedAt == updatedAt && m.Id < id));
        }

        var take = Math.Clamp(filter.Take, 1, MaxPageSize);
        // Split query: the tags come from a second, indexed SELECT; one joined statement is 40x slower at 100k files (docs/benchmarks.md).
        var rows = await models
            .AsSplitQuery()
            .OrderByDescending(m => m.UpdatedAt).ThenByDescending(m => m.Id)
            .Take(take + 1)
            .Select(m => new
            {
                m.Id,
                m.Name,
                m.CoverFileId,
                HasThumbnail = context.Files.Any(f => f.Id == m.CoverFileId && f.SmallThumbnailHash != null),
                FileCount = context.Files.Count(f => f.ModelId == m.Id && f.DeletedAt == null),
                PrintFileCount = context.Files.Count(f => f.ModelId == m.Id && f.DeletedAt == null && f.IsPrintFile),
                Tags = m.Tags.Select(t => t.Name).ToList(),
                CollectionName = m.Collection != null ? m.Collection.Name : null,
                m.UpdatedAt,
                m.DeletedAt,
                LibraryName = context.LibraryVolumes.Where(v => v.Id == m.LibraryVolumeId).Select(v => v.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        var items = rows.Take(take)
            .Select(r => new ModelCard(r.Id, r.Name, r.CoverFileId, r.HasThumbnail, r.FileCount, r.PrintFileCount, r.Tags, r.CollectionName, r.UpdatedAt, r.DeletedAt) { LibraryName = r.LibraryName })
            .ToList();
        var next = rows.Count > take ? KeysetCursor.Encode(items[^1].UpdatedAt, items[^1].Id) : null;
        return new ModelPage(items, next);
    }

    public async Task<ModelDetail?> GetModelAsync(Guid modelId, bool includeTrashed, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var model = await context.Models.AsNoTracking()
            .Include(m => m.Tags)
            .Include(m => m.Collection)
            .FirstOrDefaultAsync(m => m.Id == modelId && (includeTrashed || m.DeletedAt == null), cancellationToken);
        if (model is null)
        {
            return null;
        }

        var revisions = await context.Revisions.AsNoTracking().Where(r => r.ModelId == modelId).OrderByDescending(r => r.Number).ToListAsync(cancellationToken);
        var files = await context.Files.AsNoTracking().Where(f => f.ModelId == modelId && (includeTrashed || f.DeletedAt == null))
            .OrderByDescending(f => f.CreatedAt).ToListAsync(cancellationToken);
        var numbers = revisions.ToDictionary(r => r.Id, r => r.Number);
        return new ModelDetail(model.Id, model.Name, model.Description, model.Creator, model.SourceUrl, model.License, model.Notes,
            model.OwnerId, model.CollectionId, model.Collection?.Name, model.Tags.Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase).ToList(),
            model.CoverFileId, model.CreatedAt, model.UpdatedAt, model.DeletedAt,
            revisions.Select(r => new RevisionViewModel(r.Id, r.Number, r.Label, r.CreatedAt,
                files.Where(f => f.RevisionId == r.Id).Select(f => ToView(f, numbers)).ToList())).ToList());
    }

    public async Task<FileView?> GetFileAsync(Guid fileId, bool includeTrashed, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var file = await (includeTrashed ? context.Files : context.Files.Live()).AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, cancellationToken);
        if (file is null)
        {
            return null;
        }

        var number = await context.Revisions.Where(r => r.Id == file.RevisionId).Select(r => r.Number).FirstAsync(cancellationToken);
        return ToView(file, new Dictionary<Guid, int> { [file.RevisionId] = number });
    }

    public async Task<IReadOnlyList<FileView>> ListFilesAsync(string? cursor, int take, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        IQueryable<VaultFile> files = context.Files.Live().AsNoTracking();
        if (KeysetCursor.Decode(cursor) is var (createdAt, id))
        {
            files = files.Where(f => f.CreatedAt < createdAt || (f.CreatedAt == createdAt && f.Id < id));
        }

        var rows = await files.OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id)
            .Take(Math.Clamp(take, 1, MaxPageSize))
            .Join(context.Revisions, f => f.RevisionId, r => r.Id, (f, r) => new { File = f, r.Number })
            .ToListAsync(cancellationToken);
        return rows.Select(x => ToView(x.File, new Dictionary<Guid, int> { [x.File.RevisionId] = x.Number })).ToList();
    }

    /// <summary>Live print files (G-code and the like) whose name contains <paramref name="search"/>, newest first: the "send to printer" picker.</summary>
    public async Task<IReadOnlyList<FileView>> SearchPrintFilesAsync(string? search, int take, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var files = context.Files.Live().AsNoTracking().Where(f => f.IsPrintFile);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var q = search.Trim().ToUpperInvariant();
            files = files.Where(f => f.DisplayName.ToUpper().Contains(q) || f.Model!.Name.ToUpper().Contains(q));
        }

        var rows = await files.OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id)
            .Take(Math.Clamp(take, 1, MaxPageSize))
            .Join(context.Revisions, f => f.RevisionId, r => r.Id, (f, r) => new { File = f, r.Number })
            .ToListAsync(cancellationToken);
        return rows.Select(x => ToView(x.File, new Dictionary<Guid, int> { [x.File.RevisionId] = x.Number })).ToList();
    }

    /// <summary>Cover files of these cards whose thumbnail is still pending (the card shows a spinner for them).</summary>
    public async Task<IReadOnlySet<Guid>> PendingCoversAsync(
        IEnumerable<ModelCard> cards, CancellationToken cancellationToken)
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

    public async Task<LibraryFacets> FacetsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var tags = await context.Models.Live().SelectMany(m => m.Tags).Select(t => t.Name).Distinct().Take(MaxFacetValues).ToListAsync(cancellationToken);
        var materials = await context.Files.Live().Where(f => f.FilamentType != null).Select(f => f.FilamentType!).Distinct().Take(MaxFacetValues).ToListAsync(cancellationToken);
        var printers = await context.Files.Live().Where(f => f.PrinterModel != null).Select(f => f.PrinterModel!).Distinct().Take(MaxFacetValues).ToListAsync(cancellationToken);
        return new LibraryFacets(SortedFacet(tags), SortedFacet(materials), SortedFacet(printers));
    }

    private static List<string> SortedFacet(IEnumerable<string> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

    public static string FileCursor(FileView file) => KeysetCursor.Encode(file.CreatedAt, file.Id);

    private static FileView ToView(VaultFile f, IReadOnlyDictionary<Guid, int> revisionNumbers) =>
        new(f.Id, f.ModelId, f.RevisionId, revisionNumbers.GetValueOrDefault(f.RevisionId), f.DisplayName, f.Kind, f.IsPrintFile, f.BlobHash, f.Size,
            f.Origin, f.CreatedAt, f.DeletedAt, f.PrintStatus, f.Label, f.Notes, f.IsRecommended, f.ThumbnailState, f.MetadataState,
            f.ProcessingError, f.ThumbnailHash, f.SmallThumbnailHash, f.MetadataJson, f.FilamentType, f.PrinterModel, f.Slicer,
            f.EstimatedSeconds, f.FilamentWeightG)
        { LibraryVolumeId = f.LibraryVolumeId, LibraryPath = f.LibraryPath, MissingSince = f.MissingSince };
}
