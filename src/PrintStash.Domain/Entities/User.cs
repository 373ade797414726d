namespace PrintStash.Domain.Entities;

public sealed class User
{
    public Guid Id { get; set; }

    public required string UserName { get; set; }

    /// <summary>Upper-case invariant form of <see cref="UserName"/>, unique; used for look-ups.</summary>
    public required string NormalizedUserName { get; set; }

    public required string DisplayName { get; set; }

    public string? Email { get; set; }

    public required string PasswordHash { get; set; }

    public UserRole Role { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Changes whenever sign-in relevant data changes (role, password, deactivation); cookies carrying an old stamp are rejected.</summary>
    public required string SecurityStamp { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }

    public List<ApiKey> ApiKeys { get; } = [];

    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();
}
