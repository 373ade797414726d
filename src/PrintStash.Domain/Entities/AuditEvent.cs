namespace PrintStash.Domain.Entities;

/// <summary>One row of the append-only audit log. Rows are only ever inserted.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public Guid? ActorId { get; set; }

    public required string ActorName { get; set; }

    public required string Action { get; set; }

    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    public string? DetailsJson { get; set; }

    public string? RemoteIp { get; set; }
}
