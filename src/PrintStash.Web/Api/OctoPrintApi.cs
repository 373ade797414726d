using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;
using PrintStash.Web.Printing;
using PrintStash.Web.Slicing;

namespace PrintStash.Web.Api;

/// <summary>
/// Just enough of OctoPrint's API for a slicer's "physical printer" of host type OctoPrint (PrusaSlicer, SuperSlicer,
/// OrcaSlicer, Cura's OctoPrint plugin) to upload into the vault: /api/version and /api/files/local, also under
/// /octoprint/{printer}/api so choosing a printer in the slicer prints there. Authenticated with a PrintStash API key.
/// </summary>
public static class OctoPrintApi
{
    public const string ServerVersion = "1.10.2";

    public static IEndpointRouteBuilder MapOctoPrintApi(this IEndpointRouteBuilder app)
    {
        Map(app.MapGroup("/api").WithTags("OctoPrint"), "OctoPrint");
        Map(app.MapGroup("/octoprint/{printer}/api").WithTags("OctoPrint"), "OctoPrintPrinter");
        return app;
    }

    private static void Map(RouteGroupBuilder group, string prefix)
    {
        group.MapGet("/version", Version).RequireAuthorization(Policies.Designer)
            .WithName(prefix + "Version").WithSummary("OctoPrint-compatible version, checked by slicers before every upload.");
        // Cura's OctoPrint plugin reads these while connected; answer as an OctoPrint whose printer is not connected.
        group.MapGet("/settings", Settings).RequireAuthorization(Policies.Designer)
            .WithName(prefix + "Settings").WithSummary("OctoPrint-compatible settings subset read by Cura's OctoPrint plugin.");
        group.MapGet("/job", Job).RequireAuthorization(Policies.Designer)
            .WithName(prefix + "Job").WithSummary("OctoPrint-compatible job state (always 'Offline' here).");
        group.MapGet("/printer", Printer).RequireAuthorization(Policies.Designer)
            .WithName(prefix + "Printer").WithSummary("OctoPrint-compatible printer state: 409 'Printer is not operational', as OctoPrint answers without a connected printer.");
        group.MapPost("/files/{location}", Upload).RequireAuthorization(Policies.Designer).DisableAntiforgery()
            .WithName(prefix + "Upload").WithSummary("OctoPrint-compatible upload: multipart 'print', 'path' (folder → collection), 'file'.");
    }

    private static Results<Ok<OctoPrintVersion>, JsonHttpResult<OctoPrintError>> Version(HttpContext http) =>
        ApiKeyAuthenticationHandler.IsApiKeyPrincipal(http.User)
            ? TypedResults.Ok(new OctoPrintVersion("0.1", ServerVersion, $"OctoPrint {ServerVersion} (PrintStash)"))
            : NeedsApiKey();

    private static Results<Ok<OctoPrintSettings>, JsonHttpResult<OctoPrintError>> Settings(HttpContext http) =>
        ApiKeyAuthenticationHandler.IsApiKeyPrincipal(http.User)
            ? TypedResults.Ok(new OctoPrintSettings(new OctoPrintFeatureSettings(false), new OctoPrintWebcamSettings(false)))
            : NeedsApiKey();

    private static Results<Ok<OctoPrintJob>, JsonHttpResult<OctoPrintError>> Job(HttpContext http) =>
        ApiKeyAuthenticationHandler.IsApiKeyPrincipal(http.User)
            ? TypedResults.Ok(new OctoPrintJob("Offline", new OctoPrintJobFile(null), new OctoPrintProgress(null)))
            : NeedsApiKey();

    private static JsonHttpResult<OctoPrintError> Printer(HttpContext http) =>
        ApiKeyAuthenticationHandler.IsApiKeyPrincipal(http.User)
            ? Error(StatusCodes.Status409Conflict, "Printer is not operational")
            : NeedsApiKey();

    private static async Task<Results<Created<OctoPrintUploadResponse>, Ok<OctoPrintUploadResponse>, JsonHttpResult<OctoPrintUploadResponse>, JsonHttpResult<OctoPrintError>>> Upload(
        string location, string? printer, HttpContext http, SlicerUploadReceiver receiver, IPrintQueue printQueue, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        if (!ApiKeyAuthenticationHandler.IsApiKeyPrincipal(http.User))
        {
            return NeedsApiKey();
        }

        if (!string.Equals(location, "local", StringComparison.OrdinalIgnoreCase))
        {
            return Error(StatusCodes.Status404NotFound, $"Unknown storage '{location}': PrintStash stores uploads in 'local'.");
        }

        var outcome = await receiver.ReceiveAsync(http, SlicerFieldNames.OctoPrint, IngestOrigin.OctoPrintApi, cancellationToken);
        if (outcome.Result is not { } result)
        {
            return Error(StatusCodes.Status400BadRequest, outcome.Error!);
        }

        var ingest = result.Ingest;
        if (ingest.Outcome == IngestOutcome.Rejected)
        {
            return Error(SlicerApi.RejectionStatus(ingest), ingest.Message);
        }

        var message = SlicerApi.Describe(result);
        var print = new PrintStartResult(false, string.Empty);
        if (outcome.Form!.IsTrue("print"))
        {
            if (!(await authorization.AuthorizeAsync(http.User, Policies.Operator)).Succeeded)
            {
                return Error(StatusCodes.Status403Forbidden, "Uploaded to PrintStash, but not printed: starting a print needs the Operator role, and this API key belongs to a Designer.");
            }

            print = await printQueue.StartAsync(ingest.FileId!.Value, printer, http.Actor(), cancellationToken);
            if (!print.Started)
            {
                // The file is stored; the 409 only tells the person at the slicer that "Upload and print" did not print.
                return Error(StatusCodes.Status409Conflict, $"Uploaded to PrintStash, but not printed: {print.Message}");
            }

            message = $"{message} {print.Message}";
        }

        var response = ToResponse(http, outcome.Form.Field("path"), ingest, message, print.Started, outcome.Form.IsTrue("select") || print.Started);
        return ingest.Outcome == IngestOutcome.Added
            ? TypedResults.Created(response.Files.Local.Refs.Resource, response)
            : TypedResults.Ok(response);
    }

    private static OctoPrintUploadResponse ToResponse(HttpContext http, string? folder, IngestResult ingest, string message, bool printed, bool selected)
    {
        var root = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        var name = ingest.DisplayName ?? string.Empty;
        var path = string.Join('/', (folder ?? string.Empty).Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Append(name));
        var refs = new OctoPrintRefs($"{root}/api/v1/files/{ingest.FileId}", $"{root}/api/v1/files/{ingest.FileId}/download");
        return new OctoPrintUploadResponse(new OctoPrintFiles(new OctoPrintFile(name, path, "local", refs)), true, selected, printed, message, ingest.ModelId);
    }

    private static JsonHttpResult<OctoPrintError> NeedsApiKey() =>
        Error(StatusCodes.Status403Forbidden, "Use a PrintStash API key (X-Api-Key) of a Designer or higher.");

    private static JsonHttpResult<OctoPrintError> Error(int status, string message) => TypedResults.Json(new OctoPrintError(message), statusCode: status);
}
