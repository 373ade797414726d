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
        group.MapPatch("/{id:guid}", Update).RequireAuthorization(Policies.Designer).WithName("UpdateModel").WithSummary("Change a model's name, description, creator, source URL, license, notes, tags or collection.");
        group.MapPut("/{id:guid}/favorite", (Guid id, ClaimsPrincipal user, FavoriteService favorites, CancellationToken ct) => SetFavorite(id, true, user, favorites, ct))
            .RequireAuthorization(Policies.Viewer).WithName("AddFavorite").WithSummary("Mark a model as one of my favourites.");
        group.MapDelete("/{id:guid}/favorite", (Guid id, ClaimsPrincipal user, FavoriteService favorites, CancellationToken ct) => SetFavorite(id, false, user, favorites, ct))
            .RequireAuthorization(Policies.Viewer).WithName("RemoveFavorite").WithSummary("Remove a model from my favourites.");
        group.MapDelete("/{id:guid}", Trash).RequireAuthorization(Policies.Designer).WithName("TrashModel").WithSummary("Move a model to the trash.");
        group.MapPost("/{id:guid}/restore", Restore).RequireAuthorization(Policies.Designer).WithName("RestoreModel").WithSummary("Bring a model back from the trash.");
        return app;
    }

    private static async Task<Ok<ModelListResponse>> List(
        VaultQueries queries, ClaimsPrincipal user, string? q, string? tag, Guid? collectionId, string? material, string? printer, bool? trashed, bool? favorites,
        string? cursor, int? take, CancellationToken cancellationToken)
    {
        var filter = new ModelFilter(q, tag, collectionId, material, printer, trashed ?? false, favorites ?? false, user.UserId(), cursor, take ?? 48);
        var page = await queries.ListModelsAsync(filter, cancellationToken);
        return TypedResults.Ok(new ModelListResponse(page.Items.Select(VaultResponses.ToResponse).ToList(), page.NextCursor));
    }

    private static async Task<Results<Ok<ModelResponse>, NotFound>> Get(Guid id, VaultQueries queries, CancellationToken cancellationToken) =>
        await queries.GetModelAsync(id, includeTrashed: true, cancellationToken) is { } model ? TypedResults.Ok(VaultResponses.ToResponse(model)) : TypedResults.NotFound();

    private static async Task<Results<NoContent, ProblemHttpResult>> Update(
        Guid id, UpdateModelRequest? request, HttpContext http, ModelEditor editor, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ProblemMapping.Invalid("Send a JSON body with the fields to change.");
        }

        var edit = new ModelEdit(request.Name, request.Description, request.Creator, request.SourceUrl, request.License, request.Notes,
            request.Tags, request.CollectionId, request.ClearCollection ?? false);
        return ProblemMapping.ToResult(await editor.UpdateAsync(id, edit, http.Actor(), cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetFavorite(Guid id, bool favorite, ClaimsPrincipal user, FavoriteService favorites, CancellationToken cancellationToken) =>
        ProblemMapping.ToResult(await favorites.SetAsync(user.UserId()!.Value, id, favorite, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> Trash(Guid id, HttpContext http, VaultService vault, CancellationToken cancellationToken) =>
        ProblemMapping.ToResult(await vault.TrashModelAsync(id, http.Actor(), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> Restore(Guid id, HttpContext http, VaultService vault, CancellationToken cancellationToken) =>
        ProblemMapping.ToResult(await vault.RestoreModelAsync(id, http.Actor(), cancellationToken));
}
