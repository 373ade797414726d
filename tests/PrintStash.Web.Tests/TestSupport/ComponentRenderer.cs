using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Entities;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Tests.TestSupport;

/// <summary>Renders a component to HTML with the in-box HtmlRenderer and the app's own services, as a user of a role.</summary>
internal static class ComponentRenderer
{
    public static async Task<string> RenderAsync<TComponent>(PrintStashAppFactory app, UserRole? role, IDictionary<string, object?>? parameters = null)
        where TComponent : IComponent
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        ((IHostEnvironmentNavigationManager)services.GetRequiredService<NavigationManager>()).Initialize("http://localhost/", "http://localhost/");
        var principal = role is { } r
            ? PrintStashClaims.CreatePrincipal(
                new User { Id = Guid.NewGuid(), UserName = "renderer", NormalizedUserName = "RENDERER", DisplayName = "Renderer", PasswordHash = "-", SecurityStamp = "-", Role = r },
                "Test")
            : new ClaimsPrincipal(new ClaimsIdentity());
        ((IHostEnvironmentAuthenticationStateProvider)services.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));

        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters ?? new Dictionary<string, object?>()));
            return output.ToHtmlString();
        });
    }
}
