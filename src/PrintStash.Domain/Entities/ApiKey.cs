namespace PrintStash.Domain.Entities;

public sealed class ApiKey
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public User? User { get; set; }

    public required string Label { get; set; }

    /// <summary>The public part of the key (<c>ps_&lt;prefix&gt;_…</c>), shown in lists and used to find the row.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole key; the key itself is never stored.</summary>
    public required string SecretHash { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsUsableAt(DateTime utcNow) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > utcNow);
}
