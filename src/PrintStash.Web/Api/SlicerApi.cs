using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Slicing;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;
using PrintStash.Web.Slicing;

namespace PrintStash.Web.Api;

/// <summary>Uploads from the slicer post-processing hook (tools/printstash-upload.sh / .ps1).</summary>
public static class SlicerApi
{
    public static IEndpointRouteBuilder MapSlicerApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/slicer").WithTags("Slicer");
        group.MapPost("/upload", Upload).RequireAuthorization(Policies.Designer).DisableAntiforgery()
            .WithName("SlicerUpload")
            .WithSummary("Upload one sliced file (multipart: optional fields name, model (id or name), collection (folder path), tags, then 'file'). Links it to the model whose mesh it was sliced from.");
        return app;
    }

    // The hook prints the message in a terminal or slicer dialog: keep names readable (é, ', &) instead of \u escapes.
    private static readonly JsonSerializerOptions ReadableJson = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task<Results<JsonHttpResult<SlicerUploadResponse>, ProblemHttpResult>> Upload(
        HttpContext http, SlicerUploadReceiver receiver, CancellationToken cancellationToken)
    {
        if (!ApiKeyAuthenticationHandler.IsApiKeyPrincipal(http.User))
        {
            return TypedResults.Problem(detail: "Slicer uploads authenticate with an API key (X-Api-Key).", statusCode: StatusCodes.Status403Forbidden);
        }

        var outcome = await receiver.ReceiveAsync(http, SlicerFieldNames.Hook, IngestOrigin.SlicerHook, cancellationToken);
        if (outcome.Result is not { } result)
        {
            return ProblemMapping.Invalid(outcome.Error!);
        }

        var ingest = result.Ingest;
        var response = new SlicerUploadResponse(
            VaultResponses.ToResponse(ingest, ingest.DisplayName ?? string.Empty), result.Link.ToString(), result.MatchedSourceFile, Describe(result));
        if (ingest.Outcome == IngestOutcome.Added)
        {
            http.Response.Headers.Location = $"/api/v1/files/{ingest.FileId}";
        }

        var status = ingest.Outcome switch
        {
            IngestOutcome.Added => StatusCodes.Status201Created,
            IngestOutcome.Duplicate => StatusCodes.Status200OK,
            _ => RejectionStatus(ingest),
        };
        return TypedResults.Json(response, ReadableJson, statusCode: status);
    }

    /// <summary>One line the hook prints for the person at the slicer.</summary>
    internal static string Describe(SlicedUploadResult result) => result.Link switch
    {
        _ when result.Ingest.Outcome != IngestOutcome.Added => result.Ingest.Message,
        ModelLink.ObjectName => $"{result.Ingest.Message} Matched the model by its object '{result.MatchedSourceFile}'.",
        ModelLink.FileName => $"{result.Ingest.Message} Matched the model by its mesh file '{result.MatchedSourceFile}'.",
        ModelLink.NewModel => $"{result.Ingest.Message} No model with a matching mesh file was found.",
        _ => result.Ingest.Message,
    };

    internal static int RejectionStatus(IngestResult result) =>
        result.Message.Contains("too large", StringComparison.Ordinal) ? StatusCodes.Status413PayloadTooLarge
        : result.Message.Contains("not a file type", StringComparison.Ordinal) ? StatusCodes.Status415UnsupportedMediaType
        : result.Message.Contains("does not exist", StringComparison.Ordinal) ? StatusCodes.Status404NotFound
        : StatusCodes.Status400BadRequest;
}
