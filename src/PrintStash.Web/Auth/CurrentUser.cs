using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using PrintStash.Domain.Audit;

namespace PrintStash.Web.Auth;

/// <summary>The signed-in user of this circuit or request, for components and services that act on their behalf.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, IHttpContextAccessor httpContextAccessor)
{
    private string? remoteIp = httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public async Task<ClaimsPrincipal> GetPrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<AuditActor> GetActorAsync() => (await GetPrincipalAsync()).ToActor(remoteIp);

    public async Task<Guid> GetUserIdAsync() =>
        (await GetPrincipalAsync()).UserId() ?? throw new InvalidOperationException("No signed-in user.");
}
