using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace PrintStash.Web.Auth;

/// <summary>Re-checks a live circuit's user every minute, so a deactivated user or changed role ends open sessions too.</summary>
public sealed class RevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, UserSessionCache sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        return user.UserId() is { } id
            && await sessions.IsValidAsync(id, user.FindFirstValue(PrintStashClaims.SecurityStamp), cancellationToken);
    }
}
