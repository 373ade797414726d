using Microsoft.AspNetCore.Authorization;
using PrintStash.Domain.Entities;

namespace PrintStash.Web.Auth;

/// <summary>
/// One policy per role; each admits that role and every role ranked above it
/// (Viewer &lt; Designer &lt; Operator &lt; Admin). Every page and endpoint names one of these, or AllowAnonymous.
/// </summary>
public static class Policies
{
    public const string Viewer = nameof(UserRole.Viewer);
    public const string Designer = nameof(UserRole.Designer);
    public const string Operator = nameof(UserRole.Operator);
    public const string Admin = nameof(UserRole.Admin);

    public static UserRole RoleFor(string policy) => Enum.Parse<UserRole>(policy);

    public static void AddRolePolicies(this AuthorizationOptions options)
    {
        foreach (var role in Enum.GetValues<UserRole>())
        {
            var admitted = Enum.GetValues<UserRole>().Where(r => r.Includes(role)).Select(r => r.ToString()).ToArray();
            options.AddPolicy(role.ToString(), policy => policy.RequireAuthenticatedUser().RequireRole(admitted));
        }

        // Safety net only: the endpoint policy test makes sure nothing relies on it.
        options.FallbackPolicy = options.GetPolicy(Viewer);
    }
}
