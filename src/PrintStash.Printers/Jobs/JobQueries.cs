using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Printers.Jobs;

/// <summary>Which jobs to list. <see cref="To"/> is exclusive; <see cref="File"/> and <see cref="User"/> match parts of names.</summary>
public sealed record JobFilter(
    Guid? PrinterId = null,
    PrintJobStatus? Status = null,
    DateTime? From = null,
    DateTime? To = null,
    string? File = null,
    string? User = null,
    string? Cursor = null,
    int Take = 50);

/// <summary>One job as lists show it.</summary>
public sealed record JobView(
    Guid Id,
    Guid PrinterId,
    string PrinterName,
    string PrinterJobId,
    string FileName,
    Guid? VaultFileId,
    Guid? UserId,
    string? UserName,
    PrintJobStatus Status,
    DateTime StartedAt,
    DateTime? EndedAt,
    double PrintSeconds,
    double TotalSeconds,
    double? FilamentUsedMm,
    double? FilamentUsedGrams);

/// <summary>A page of jobs, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record JobPage(IReadOnlyList<JobView> Items, string? NextCursor);

/// <summary>
/// The read side of the job ledger (totals: <see cref="PrinterJobTotalsQuery"/>). Lists use keyset pagination on (started-at, id), backed by the print_jobs index
/// of the same name, so the thousandth page costs what the first does.
/// </summary>
public sealed class JobQueries(IDbContextFactory<PrintStashDbContext> contextFactory)
{
    public const int MaxPageSize = 200;
    private const int ExportChunk = 500;

    public async Task<JobPage> ListAsync(JobFilter filter, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var take = Math.Clamp(filter.Take, 1, MaxPageSize);
        var rows = await Query(context, filter, KeysetCursor.Decode(filter.Cursor)).Take(take + 1).ToListAsync(cancellationToken);
        var items = rows.Take(take).ToList();
        return new JobPage(items, rows.Count > take ? KeysetCursor.Encode(items[^1].StartedAt, items[^1].Id) : null);
    }

    public async Task<JobView?> FindAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Project(context, context.PrintJobs.AsNoTracking().Where(j => j.Id == jobId)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Every job the filter matches (cursor and take ignored), newest first, read in chunks: memory stays flat for any ledger size.</summary>
    public async IAsyncEnumerable<JobView> StreamAsync(JobFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        (DateTime, Guid)? after = null;
        while (true)
        {
            List<JobView> chunk;
            await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                chunk = await Query(context, filter, after).Take(ExportChunk).ToListAsync(cancellationToken);
            }

            foreach (var job in chunk)
            {
                yield return job;
            }

            if (chunk.Count < ExportChunk)
            {
                yield break;
            }

            after = (chunk[^1].StartedAt, chunk[^1].Id);
        }
    }

    /// <summary>Names of the users who started jobs, for the user filter.</summary>
    public async Task<IReadOnlyList<string>> UserNamesAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Users.AsNoTracking()
            .Where(u => context.PrintJobs.Any(j => j.UserId == u.Id))
            .OrderBy(u => u.UserName).Select(u => u.UserName).Take(MaxPageSize).ToListAsync(cancellationToken);
    }

    private static IQueryable<JobView> Query(PrintStashDbContext context, JobFilter filter, (DateTime StartedAt, Guid Id)? after)
    {
        var jobs = context.PrintJobs.AsNoTracking();
        if (filter.PrinterId is { } printerId)
        {
            jobs = jobs.Where(j => j.PrinterId == printerId);
        }

        if (filter.Status is { } status)
        {
            jobs = jobs.Where(j => j.Status == status);
        }

        if (filter.From is { } from)
        {
            var fromUtc = from.ToUniversalTime();
            jobs = jobs.Where(j => j.StartedAt >= fromUtc);
        }

        if (filter.To is { } to)
        {
            var toUtc = to.ToUniversalTime();
            jobs = jobs.Where(j => j.StartedAt < toUtc);
        }

        if (!string.IsNullOrWhiteSpace(filter.File))
        {
            var file = filter.File.Trim().ToUpperInvariant();
            jobs = jobs.Where(j => j.FileName.ToUpper().Contains(file));
        }

        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = User.Normalize(filter.User.Trim());
            jobs = jobs.Where(j => context.Users.Any(u => u.Id == j.UserId && u.NormalizedUserName.Contains(user)));
        }

        if (after is var (startedAt, id))
        {
            jobs = jobs.Where(j => j.StartedAt < startedAt || (j.StartedAt == startedAt && j.Id < id));
        }

        return Project(context, jobs.OrderByDescending(j => j.StartedAt).ThenByDescending(j => j.Id));
    }

    private static IQueryable<JobView> Project(PrintStashDbContext context, IQueryable<PrintJob> jobs) =>
        jobs.Select(j => new JobView(
            j.Id,
            j.PrinterId,
            context.Printers.Where(p => p.Id == j.PrinterId).Select(p => p.Name).FirstOrDefault() ?? "",
            j.PrinterJobId,
            j.FileName,
            j.VaultFileId,
            j.UserId,
            context.Users.Where(u => u.Id == j.UserId).Select(u => u.UserName).FirstOrDefault(),
            j.Status,
            j.StartedAt,
            j.EndedAt,
            j.PrintSeconds,
            j.TotalSeconds,
            j.FilamentUsedMm,
            j.FilamentUsedGrams));
}
