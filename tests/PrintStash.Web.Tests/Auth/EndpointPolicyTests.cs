using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using PrintStash.Web.Auth;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Auth;

/// <summary>Every endpoint names a role policy or says it is anonymous; nothing relies on the fallback policy.</summary>
public sealed class EndpointPolicyTests
{
    private static readonly string[] KnownPolicies = [Policies.Viewer, Policies.Designer, Policies.Operator, Policies.Admin];

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Endpoints_Every_DeclaresARolePolicyOrAllowAnonymous(string environment)
    {
        await using var app = new PrintStashAppFactory(environment);
        var endpoints = AppEndpoints.All(app);
        Assert.NotEmpty(endpoints);

        var problems = endpoints
            .Where(e => !AppEndpoints.IsStaticAssetDevelopmentFallback(e))
            .Select(e => (Endpoint: e, Problem: EndpointProblem(e)))
            .Where(x => x.Problem is not null)
            .Select(x => $"{AppEndpoints.Describe(x.Endpoint)}: {x.Problem}")
            .ToList();

        Assert.True(problems.Count == 0, "Endpoints without a declared policy:\n" + string.Join('\n', problems));
    }

    [Fact]
    public async Task Endpoints_RazorPages_DeclarePolicyOnTheComponentType()
    {
        await using var app = new PrintStashAppFactory();
        var pages = AppEndpoints.All(app)
            .Select(e => e.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type)
            .OfType<Type>()
            .Distinct()
            .ToList();
        Assert.Contains(typeof(global::PrintStash.Web.Components.Pages.Home), pages);

        var problems = new List<string>();
        foreach (var page in pages)
        {
            var anonymous = page.IsDefined(typeof(AllowAnonymousAttribute), inherit: true);
            var policies = page.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Select(a => a.Policy).ToList();
            if (anonymous == (policies.Count > 0))
            {
                problems.Add($"{page.FullName}: needs exactly one of [AllowAnonymous] or [Authorize(Policy = ...)]");
            }
            else if (policies.Any(p => !KnownPolicies.Contains(p)))
            {
                problems.Add($"{page.FullName}: unknown policy '{string.Join(", ", policies)}'");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Endpoints_BlazorHub_RequiresViewerPolicy()
    {
        await using var app = new PrintStashAppFactory();
        var hub = AppEndpoints.All(app).Where(e => AppEndpoints.Pattern(e).StartsWith("/_blazor", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            ["/_blazor", "/_blazor/disconnect", "/_blazor/initializers", "/_blazor/negotiate"],
            hub.Select(AppEndpoints.Pattern).Order(StringComparer.Ordinal));
        foreach (var endpoint in hub)
        {
            Assert.Null(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
            Assert.Contains(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == Policies.Viewer);
        }
    }

    private static string? EndpointProblem(RouteEndpoint endpoint)
    {
        var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
        var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().ToList();
        if (!anonymous && !authorize.Any(a => !string.IsNullOrEmpty(a.Policy) || !string.IsNullOrEmpty(a.Roles)))
        {
            return "neither [Authorize(Policy = ...)] nor [AllowAnonymous]";
        }

        var unknown = authorize.Select(a => a.Policy).Where(p => !string.IsNullOrEmpty(p) && !KnownPolicies.Contains(p)).ToList();
        return unknown.Count > 0 ? $"unknown policy {string.Join(", ", unknown)}" : null;
    }
}
