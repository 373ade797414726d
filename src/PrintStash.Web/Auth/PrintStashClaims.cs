using System.Security.Claims;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;

namespace PrintStash.Web.Auth;

public static class PrintStashClaims
{
    public const string SecurityStamp = "ps:stamp";
    public const string ApiKeyId = "ps:api_key";

    public static ClaimsPrincipal CreatePrincipal(User user, string authenticationType, Guid? apiKeyId = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.GivenName, user.DisplayName),
            new(ClaimTypes.Role, user.Role.ToString()),
            new(SecurityStamp, user.SecurityStamp),
        };
        if (apiKeyId is { } keyId)
        {
            claims.Add(new Claim(ApiKeyId, keyId.ToString()));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static UserRole? Role(this ClaimsPrincipal principal) =>
        Enum.TryParse<UserRole>(principal.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    public static string DisplayName(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(ClaimTypes.GivenName) ?? principal.Identity?.Name ?? "anonymous";

    public static AuditActor ToActor(this ClaimsPrincipal principal, string? remoteIp) =>
        new(principal.UserId(), principal.Identity?.Name ?? "anonymous", remoteIp);

    /// <summary>The caller of this request, as the audit log records it.</summary>
    public static AuditActor Actor(this HttpContext http) => http.User.ToActor(http.Connection.RemoteIpAddress?.ToString());
}
