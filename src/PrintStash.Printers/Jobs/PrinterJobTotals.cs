using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Printers.Jobs;

/// <summary>
/// Lifetime figures of one printer. <see cref="SuccessRate"/> is completed / finished jobs (running ones excluded),
/// null before the first finished job.
/// </summary>
public sealed record PrinterJobTotals(
    Guid PrinterId,
    int Jobs,
    int CompletedJobs,
    int FinishedJobs,
    double PrintSeconds,
    double FilamentUsedMm,
    double FilamentUsedGrams,
    double LongestJobSeconds)
{
    public double? SuccessRate => FinishedJobs == 0 ? null : (double)CompletedJobs / FinishedJobs;

    public static PrinterJobTotals Empty(Guid printerId) => new(printerId, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>Per-printer totals computed in the database (one grouped query, however many jobs).</summary>
public sealed class PrinterJobTotalsQuery(IDbContextFactory<PrintStashDbContext> contextFactory)
{
    public async Task<PrinterJobTotals> ForPrinterAsync(Guid printerId, CancellationToken cancellationToken)
    {
        var all = await QueryAsync(printerId, cancellationToken);
        return all.TryGetValue(printerId, out var totals) ? totals : PrinterJobTotals.Empty(printerId);
    }

    public Task<IReadOnlyDictionary<Guid, PrinterJobTotals>> ForAllPrintersAsync(CancellationToken cancellationToken) =>
        QueryAsync(null, cancellationToken);

    private async Task<IReadOnlyDictionary<Guid, PrinterJobTotals>> QueryAsync(Guid? printerId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var jobs = context.PrintJobs.AsNoTracking();
        if (printerId is { } id)
        {
            jobs = jobs.Where(j => j.PrinterId == id);
        }

        var rows = await jobs
            .GroupBy(j => j.PrinterId)
            .Select(g => new
            {
                PrinterId = g.Key,
                Jobs = g.Count(),
                Completed = g.Count(j => j.Status == PrintJobStatus.Completed),
                Finished = g.Count(j => j.Status != PrintJobStatus.InProgress),
                PrintSeconds = g.Sum(j => j.PrintSeconds),
                Mm = g.Sum(j => j.FilamentUsedMm ?? 0),
                Grams = g.Sum(j => j.FilamentUsedGrams ?? 0),
                Longest = g.Max(j => j.PrintSeconds),
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(
            r => r.PrinterId,
            r => new PrinterJobTotals(r.PrinterId, r.Jobs, r.Completed, r.Finished, r.PrintSeconds, r.Mm, r.Grams, r.Longest));
    }
}
