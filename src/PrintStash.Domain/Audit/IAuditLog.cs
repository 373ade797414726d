namespace PrintStash.Domain.Audit;

/// <summary>Append-only audit trail; there is deliberately no update or delete.</summary>
public interface IAuditLog
{
    Task WriteAsync(AuditActor actor, string action, string? targetType, string? targetId, object? details, CancellationToken cancellationToken);
}
