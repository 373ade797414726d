using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace PrintStash.Web.Tests.TestSupport;

/// <summary>Every endpoint the running app routes to, read from its own <see cref="EndpointDataSource"/>.</summary>
internal static class AppEndpoints
{
    public static IReadOnlyList<RouteEndpoint> All(PrintStashAppFactory app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    /// <summary>"/api/v1/me/" and "api/v1/me" both become "/api/v1/me".</summary>
    public static string Pattern(RouteEndpoint endpoint)
    {
        var raw = endpoint.RoutePattern.RawText ?? string.Empty;
        var trimmed = raw.Trim('/');
        return "/" + trimmed;
    }

    /// <summary>"GET,POST" for method-bound endpoints, "*" for those that answer any method.</summary>
    public static string Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is { HttpMethods.Count: > 0 } methods
            ? string.Join(',', methods.HttpMethods.Order(StringComparer.Ordinal))
            : "*";

    public static string Describe(RouteEndpoint endpoint) => $"{Methods(endpoint)} {Pattern(endpoint)} ({endpoint.DisplayName})";

    public static bool IsStaticAsset(RouteEndpoint endpoint) => endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;

    /// <summary>
    /// The file fallback MapStaticAssets adds when the app runs from a build (not a publish) output, to serve wwwroot
    /// files created after the build. It is added outside the convention builder, so .AllowAnonymous() cannot reach it.
    /// </summary>
    public static bool IsStaticAssetDevelopmentFallback(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.RawText == "{**path:file}" && endpoint.DisplayName == "Fallback {**path:file}";
}
