using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Api;

/// <summary>Models of the vault: list and search, detail with revisions, trash and restore.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models").WithTags("Models");

        group.MapGet("/", List).RequireAuthorization(Policies.Viewer)
            .WithName("ListModels").WithSummary("Models, most recently changed first; search by name, tag, material or printer; cursor for the next page; trashed=true lists the trash.");
        group.MapGet("/{id:guid}", Get).RequireAuthorization(Policies.Viewer).WithName("GetModel").WithSummary("A model with its revisions and files.");
        group.MapDelete("/{id:guid}", Trash).RequireAuthorization(Policies.Designer).WithName("TrashModel").WithSummary("Move a model to the trash.");
        group.MapPost("/{id:guid}/restore", Restore).RequireAuthorization(Policies.Designer).WithName("RestoreModel").WithSummary("Bring a model back from the trash.");
        return app;
    }

    private static async Task<Ok<ModelListResponse>> List(
        VaultQueries queries, string? q, string? tag, Guid? collectionId, string? material, string? printer, bool? trashed, string? cursor, int? take,
        CancellationToken cancellationToken)
    {
        var page = await queries.ListModelsAsync(new ModelFilter(q, tag, collectionId, material, printer, trashed ?? false, Cursor: cursor, Take: take ?? 48), cancellationToken);
        return TypedResults.Ok(new ModelListResponse(page.Items.Select(VaultResponses.ToResponse).ToList(), page.NextCursor));
    }

    private static async Task<Results<Ok<ModelResponse>, NotFound>> Get(Guid id, VaultQueries queries, CancellationToken cancellationToken) =>
        await queries.GetModelAsync(id, includeTrashed: true, cancellationToken) is { } model ? TypedResults.Ok(VaultResponses.ToResponse(model)) : TypedResults.NotFound();

    private static async Task<Results<NoContent, ProblemHttpResult>> Trash(Guid id, ClaimsPrincipal user, HttpContext http, VaultService vault, CancellationToken cancellationToken) =>
        FilesApi.ToResult(await vault.TrashModelAsync(id, user.ToActor(http.Connection.RemoteIpAddress?.ToString()), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> Restore(Guid id, ClaimsPrincipal user, HttpContext http, VaultService vault, CancellationToken cancellationToken) =>
        FilesApi.ToResult(await vault.RestoreModelAsync(id, user.ToActor(http.Connection.RemoteIpAddress?.ToString()), cancellationToken));
}
