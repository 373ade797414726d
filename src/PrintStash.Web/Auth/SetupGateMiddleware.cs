using Microsoft.AspNetCore.StaticAssets;

namespace PrintStash.Web.Auth;

/// <summary>Until the first Admin exists, every page leads to the setup page and every API call answers 503.</summary>
public sealed class SetupGateMiddleware(RequestDelegate next)
{
    public const string SetupPath = "/account/setup";

    private static readonly string[] OpenPrefixes = [SetupPath, "/_framework", "/_content", "/_blazor", "/css", "/js", "/favicon", "/healthz", "/readyz"];

    public async Task InvokeAsync(HttpContext context, SetupState setup)
    {
        if (IsOpen(context) || !await setup.IsSetupRequiredAsync(context.RequestAborted))
        {
            await next(context);
            return;
        }

        if (AuthenticationSetup.IsApiRequest(context.Request))
        {
            await Results.Problem(
                detail: "PrintStash is not set up yet: open the web page and create the first Admin, or start it with PRINTSTASH_ADMIN_USER and PRINTSTASH_ADMIN_PASSWORD.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Setup required").ExecuteAsync(context);
            return;
        }

        context.Response.Redirect(SetupPath);
    }

    // Static assets mapped by MapStaticAssets are open too: the setup page needs favicon.svg and the scoped CSS bundle
    // (PrintStash.Web.styles.css, also under fingerprinted names) that no prefix above covers.
    private static bool IsOpen(HttpContext context) =>
        OpenPrefixes.Any(prefix => context.Request.Path.StartsWithSegments(prefix))
        || context.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;
}
