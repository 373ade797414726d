namespace PrintStash.Domain.Entities;

/// <summary>
/// Roles are ranked: each one includes the rights of those below it
/// (Viewer &lt; Designer &lt; Operator &lt; Admin). See docs/adr/0003-roles-and-api-keys.md.
/// </summary>
public enum UserRole
{
    Viewer = 0,
    Designer = 1,
    Operator = 2,
    Admin = 3,
}

public static class UserRoleExtensions
{
    public static bool Includes(this UserRole role, UserRole required) => role >= required;
}
