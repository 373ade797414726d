using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PrintStash.Bench.Support;
using PrintStash.Domain.Persistence;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// Before/after for the report: the first-page query of VaultQueries.ListModelsAsync (same filter, order and projection,
/// copied from src) run as one joined statement (VaultQueries before commit dbf57eb) and with AsSplitQuery() (since).
/// If VaultQueries changes, this copy must follow it; the app itself is measured by the table above.
/// </summary>
internal static class LibraryWhatIf
{
    public static async Task PrintAsync(VaultHost vault, CancellationToken cancellationToken)
    {
        var table = new ResultTable("Before/after: first page through EF Core (copy of the ListModelsAsync query), median of 10", "Time");
        foreach (var split in new[] { false, true })
        {
            var times = new List<double>();
            for (var i = 0; i < 12; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                await FirstPageAsync(vault, split, cancellationToken);
                if (i >= 2)
                {
                    times.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
            }

            table.Add(split ? "with .AsSplitQuery(), as VaultQueries does since dbf57eb (tags by a second SELECT, INNER JOIN)" : "single query, tags via LEFT JOIN (VaultQueries before dbf57eb)", Stats.Ms(Stats.Median(times)));
        }

        table.Print();
    }

    private static async Task<int> FirstPageAsync(VaultHost vault, bool split, CancellationToken cancellationToken)
    {
        await using var context = vault.CreateContext();
        var query = context.Models.Live().AsNoTracking()
            .OrderByDescending(m => m.UpdatedAt).ThenByDescending(m => m.Id)
            .Take(49)
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
            });
        var rows = await (split ? query.AsSplitQuery() : query).ToListAsync(cancellationToken);
        return rows.Count;
    }
}
