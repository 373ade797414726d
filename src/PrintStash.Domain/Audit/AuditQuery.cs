using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Domain.Audit;

public sealed record AuditFilter(string? Action = null, string? Actor = null, DateTime? FromUtc = null, DateTime? ToUtc = null, int Skip = 0, int Take = 50);

public sealed record AuditPage(IReadOnlyList<AuditEvent> Events, int Total);

/// <summary>Reads the audit log for the admin page, newest first.</summary>
public sealed class AuditQuery(IDbContextFactory<PrintStashDbContext> contextFactory)
{
    public const int MaxPageSize = 200;

    public async Task<AuditPage> FindAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        IQueryable<AuditEvent> query = context.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(e => e.Action == filter.Action);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim().ToUpperInvariant();
            query = query.Where(e => e.ActorName.ToUpper().Contains(actor));
        }

        if (filter.FromUtc is { } from)
        {
            query = query.Where(e => e.At >= from);
        }

        if (filter.ToUtc is { } to)
        {
            query = query.Where(e => e.At < to);
        }

        var total = await query.CountAsync(cancellationToken);
        var events = await query
            .OrderByDescending(e => e.Id)
            .Skip(Math.Max(0, filter.Skip))
            .Take(Math.Clamp(filter.Take, 1, MaxPageSize))
            .ToListAsync(cancellationToken);
        return new AuditPage(events, total);
    }
}
