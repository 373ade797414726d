using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace PrintStash.Web.Api;

/// <summary>
/// Serves _framework/blazor.web.js from this assembly's resources (build/BlazorClientScript.targets puts it there;
/// docs/adr/0001-blazor-client-script.md says why).
/// </summary>
public static class BlazorClientScriptEndpoint
{
    public const string Path = "/_framework/blazor.web.js";
    private const string ResourceName = "PrintStash.BlazorClient.blazor.web.js";

    private static readonly Lazy<(byte[] Bytes, string ETag)> Script = new(Load);

    public static IEndpointRouteBuilder MapBlazorClientScript(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
            {
                var (bytes, etag) = Script.Value;
                context.Response.Headers.CacheControl = "no-cache";
                return TypedResults.Bytes(bytes, "text/javascript", entityTag: new EntityTagHeaderValue(etag));
            })
            .AllowAnonymous()
            .ExcludeFromDescription()
            .WithDisplayName("Blazor client script");
        return app;
    }

    private static (byte[], string) Load()
    {
        using var stream = typeof(BlazorClientScriptEndpoint).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing; see build/BlazorClientScript.targets.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return (bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
    }
}
