using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Api;

/// <summary>The caller's own account and API keys.</summary>
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/me").WithTags("Me").RequireAuthorization(Policies.Viewer);

        group.MapGet("/", GetMe).WithName("GetMe").WithSummary("Who am I: the signed-in user or the API key's owner.");
        group.MapGet("/api-keys", ListKeys).WithName("ListMyApiKeys").WithSummary("My API keys (never their secrets).");
        group.MapPost("/api-keys", CreateKey).WithName("CreateMyApiKey").WithSummary("Create an API key; the key is in this response only.");
        group.MapDelete("/api-keys/{id:guid}", RevokeKey).WithName("RevokeMyApiKey").WithSummary("Revoke one of my API keys.");
        return app;
    }

    private static Ok<MeResponse> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new MeResponse(
            user.UserId() ?? Guid.Empty,
            user.Identity?.Name ?? string.Empty,
            user.DisplayName(),
            user.Role()?.ToString() ?? string.Empty,
            user.Identity?.AuthenticationType ?? string.Empty));

    private static async Task<Ok<List<ApiKeyResponse>>> ListKeys(ClaimsPrincipal user, ApiKeys keys, CancellationToken cancellationToken)
    {
        var list = await keys.ListAsync(user.UserId()!.Value, cancellationToken);
        return TypedResults.Ok(list.Select(ToResponse).ToList());
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateKey(
        CreateApiKeyRequest? request, ClaimsPrincipal user, HttpContext http, ApiKeys keys, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ProblemMapping.Invalid("Send a JSON body like {\"label\": \"OrcaSlicer\", \"expiresAt\": null}.");
        }

        var result = await keys.CreateAsync(user.UserId()!.Value, request.Label, request.ExpiresAt?.ToUniversalTime(), http.Actor(), cancellationToken);
        if (!result.Succeeded)
        {
            return ProblemMapping.Problem(result);
        }

        var created = result.Value!;
        return TypedResults.Created($"/api/v1/me/api-keys/{created.Summary.Id}", new CreatedApiKeyResponse(ToResponse(created.Summary), created.Key));
    }

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> RevokeKey(
        Guid id, ClaimsPrincipal user, HttpContext http, ApiKeys keys, CancellationToken cancellationToken)
    {
        var result = await keys.RevokeAsync(user.UserId()!.Value, id, http.Actor(), cancellationToken);
        return result.Succeeded ? TypedResults.Ok(ToResponse(result.Value!)) : ProblemMapping.Problem(result);
    }

    internal static ApiKeyResponse ToResponse(ApiKeySummary k) =>
        new(k.Id, k.Label, k.Prefix, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt, k.IsUsable);
}
