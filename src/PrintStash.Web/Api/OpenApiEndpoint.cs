namespace PrintStash.Web.Api;

public static class OpenApiEndpoint
{
    /// <summary>The OpenAPI document at /openapi/v1.json; public, like any API's documentation.</summary>
    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
