using PrintStash.Domain.Persistence;

namespace PrintStash.Domain.Audit;

/// <summary>Append-only audit trail; there is deliberately no update or delete.</summary>
public interface IAuditLog
{
    /// <summary>Writes the event on its own (one insert, one commit).</summary>
    Task WriteAsync(AuditActor actor, string action, string? targetType, string? targetId, object? details, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the event to <paramref name="context"/>'s unit of work: it is committed by the caller's SaveChanges,
    /// atomically with the change it describes and without a commit of its own.
    /// </summary>
    void Add(PrintStashDbContext context, AuditActor actor, string action, string? targetType, string? targetId, object? details);
}
