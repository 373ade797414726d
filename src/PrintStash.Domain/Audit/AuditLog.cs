using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Domain.Audit;

internal sealed class AuditLog(IDbContextFactory<PrintStashDbContext> contextFactory, TimeProvider time) : IAuditLog
{
    public async Task WriteAsync(AuditActor actor, string action, string? targetType, string? targetId, object? details, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        Add(context, actor, action, targetType, targetId, details);
        await context.SaveChangesAsync(cancellationToken);
    }

    public void Add(PrintStashDbContext context, AuditActor actor, string action, string? targetType, string? targetId, object? details) =>
        context.AuditEvents.Add(new AuditEvent
        {
            At = time.GetUtcNow().UtcDateTime,
            ActorId = actor.UserId,
            ActorName = Truncate(actor.Name, 64),
            RemoteIp = actor.RemoteIp,
            Action = action,
            TargetType = targetType,
            TargetId = targetId is null ? null : Truncate(targetId, 128),
            DetailsJson = details is null ? null : JsonSerializer.Serialize(details),
        });

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
