using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Ingestion.Storage;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Api;

/// <summary>Storage upkeep for Admins: the startup recovery report, rebuilding the index from sidecars, emptying expired trash.</summary>
public static class VaultAdminApi
{
    public static IEndpointRouteBuilder MapVaultAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/vault").WithTags("Vault administration").RequireAuthorization(Policies.Admin);

        group.MapGet("/storage", Storage).WithName("GetStorageReport").WithSummary("What the last storage check found (blobs without rows, rows without blobs).");
        group.MapPost("/storage/check", Check).WithName("CheckStorage").WithSummary("Check storage against the index now.");
        group.MapPost("/rebuild", Rebuild).WithName("RebuildIndex").WithSummary("Recreate index rows for models whose printstash.json is in storage but not in the database.");
        group.MapPost("/purge", Purge).WithName("PurgeTrash").WithSummary("Delete trash older than the retention, and bytes nothing refers to.");
        return app;
    }

    private static Results<Ok<StorageReport>, NotFound> Storage(StorageRecovery recovery) =>
        recovery.LastReport is { } report ? TypedResults.Ok(report) : TypedResults.NotFound();

    private static async Task<Ok<StorageReport>> Check(StorageRecovery recovery, CancellationToken cancellationToken) =>
        TypedResults.Ok(await recovery.CheckAsync(cancellationToken));

    private static async Task<Ok<RebuildReport>> Rebuild(IndexRebuilder rebuilder, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rebuilder.RebuildAsync(http.Actor(), cancellationToken));

    private static async Task<Ok<PurgeReport>> Purge(TrashPurger purger, CancellationToken cancellationToken) =>
        TypedResults.Ok(await purger.PurgeExpiredAsync(cancellationToken));
}
