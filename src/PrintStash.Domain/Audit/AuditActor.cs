namespace PrintStash.Domain.Audit;

/// <summary>Who did something: a signed-in user, an API key's owner, or the system itself.</summary>
public sealed record AuditActor(Guid? UserId, string Name, string? RemoteIp)
{
    public static readonly AuditActor System = new(null, "system", null);
}
