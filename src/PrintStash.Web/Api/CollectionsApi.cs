using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Api;

/// <summary>Nested collections of models.</summary>
public static class CollectionsApi
{
    public static IEndpointRouteBuilder MapCollectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/collections").WithTags("Collections");

        group.MapGet("/", Tree).RequireAuthorization(Policies.Viewer).WithName("ListCollections").WithSummary("All collections as a tree, with model counts.");
        group.MapPost("/", Create).RequireAuthorization(Policies.Designer).WithName("CreateCollection").WithSummary("Create a collection, optionally inside another.");
        group.MapPatch("/{id:guid}", Update).RequireAuthorization(Policies.Designer).WithName("UpdateCollection").WithSummary("Rename or move a collection.");
        group.MapDelete("/{id:guid}", Delete).RequireAuthorization(Policies.Designer).WithName("DeleteCollection").WithSummary("Delete an empty collection.");
        return app;
    }

    private static async Task<Ok<List<CollectionResponse>>> Tree(CollectionService collections, CancellationToken cancellationToken) =>
        TypedResults.Ok((await collections.TreeAsync(cancellationToken)).Select(ToResponse).ToList());

    private static async Task<Results<Created<CollectionResponse>, ProblemHttpResult>> Create(
        CreateCollectionRequest? request, HttpContext http, CollectionService collections, CancellationToken cancellationToken)
    {
        var (id, result) = await collections.CreateAsync(request?.Name, request?.ParentId, http.Actor(), cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/collections/{id}", new CollectionResponse(id!.Value, request!.Name!.Trim(), request.ParentId, 0, []))
            : TypedResults.Problem(detail: result.Error, statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Update(
        Guid id, UpdateCollectionRequest? request, HttpContext http, CollectionService collections, CancellationToken cancellationToken) =>
        request is null
            ? ProblemMapping.Invalid("Send a JSON body with name, parentId or moveToRoot.")
            : ProblemMapping.ToResult(await collections.UpdateAsync(id, request.Name, request.ParentId, request.MoveToRoot ?? false, http.Actor(), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, HttpContext http, CollectionService collections, CancellationToken cancellationToken) =>
        ProblemMapping.ToResult(await collections.DeleteAsync(id, http.Actor(), cancellationToken));

    private static CollectionResponse ToResponse(CollectionNode node) =>
        new(node.Id, node.Name, node.ParentId, node.ModelCount, node.Children.Select(ToResponse).ToList());
}
