using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Ingestion.Slicing;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Api;

/// <summary>Server-side slicing: slicer profiles (import, list, edit, delete) and slice jobs on mesh files.</summary>
public static class SlicingApi
{
    public static IEndpointRouteBuilder MapSlicingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/slicer").WithTags("Slicing");
        group.MapGet("/status", Status).RequireAuthorization(Policies.Viewer).WithName("SlicingStatus").WithSummary("Slicer programs available on the server.");
        group.MapGet("/profiles", List).RequireAuthorization(Policies.Viewer).WithName("ListSlicerProfiles").WithSummary("Slicer profiles, by kind and name.");
        group.MapGet("/profiles/{id:guid}", Get).RequireAuthorization(Policies.Viewer).WithName("GetSlicerProfile").WithSummary("One profile with its settings.");
        group.MapPost("/profiles/import", Import).RequireAuthorization(Policies.Designer).DisableAntiforgery().WithName("ImportSlicerProfiles")
            .WithSummary("Import a PrusaSlicer/SuperSlicer .ini (bundle or single config) or an OrcaSlicer .json preset: the file as the body, ?fileName=.");
        group.MapPatch("/profiles/{id:guid}", Update).RequireAuthorization(Policies.Designer).WithName("UpdateSlicerProfile").WithSummary("Rename a profile or replace its settings.");
        group.MapDelete("/profiles/{id:guid}", Delete).RequireAuthorization(Policies.Designer).WithName("DeleteSlicerProfile").WithSummary("Delete a profile.");
        group.MapGet("/jobs/{id:guid}", GetJob).RequireAuthorization(Policies.Viewer).WithName("GetSliceJob").WithSummary("A slice job's state, progress and result.");
        app.MapPost("/api/v1/files/{id:guid}/slice", Slice).RequireAuthorization(Policies.Designer).WithTags("Slicing").WithName("SliceFile")
            .WithSummary("Slice a mesh file on the server with the chosen profiles; the G-code joins the mesh's model.");
        return app;
    }

    private static Ok<SlicingStatusResponse> Status(SlicerEngines engines)
    {
        var available = engines.Available();
        return TypedResults.Ok(new SlicingStatusResponse(
            available.Select(e => new SlicerEngineResponse(e.Kind.ToString(), e.Path)).ToList(),
            (int)engines.Timeout.TotalSeconds,
            available.Count == 0 ? SlicerEngines.HowToEnable : null));
    }

    private static async Task<Ok<List<SlicerProfileResponse>>> List(SlicerProfileService profiles, CancellationToken cancellationToken) =>
        TypedResults.Ok((await profiles.ListAsync(cancellationToken)).Select(ToResponse).ToList());

    private static async Task<Results<Ok<SlicerProfileResponse>, NotFound>> Get(Guid id, SlicerProfileService profiles, CancellationToken cancellationToken) =>
        await profiles.GetAsync(id, cancellationToken) is { } p
            ? TypedResults.Ok(ToResponse(SlicerProfileService.ToView(p)) with { Content = p.Content })
            : TypedResults.NotFound();

    private static async Task<Results<Created<List<SlicerProfileResponse>>, ProblemHttpResult>> Import(
        string? fileName, HttpContext http, SlicerProfileService profiles, CancellationToken cancellationToken)
    {
        var buffer = new byte[SlicerProfileImporter.MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > SlicerProfileImporter.MaxBytes)
        {
            return TypedResults.Problem(detail: $"Slicer profiles are at most {SlicerProfileImporter.MaxBytes / 1000} kB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var (stored, error) = await profiles.ImportAsync(fileName ?? "profile.ini", Encoding.UTF8.GetString(buffer, 0, length), http.Actor(), cancellationToken);
        return stored is null ? ProblemMapping.Invalid(error!) : TypedResults.Created((string?)null, stored.Select(ToResponse).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Update(
        Guid id, UpdateSlicerProfileRequest? request, HttpContext http, SlicerProfileService profiles, CancellationToken cancellationToken) =>
        request is null
            ? ProblemMapping.Invalid("Send a name and/or content.")
            : ProblemMapping.ToResult(await profiles.UpdateAsync(id, request.Name, request.Content, http.Actor(), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, HttpContext http, SlicerProfileService profiles, CancellationToken cancellationToken) =>
        ProblemMapping.ToResult(await profiles.DeleteAsync(id, http.Actor(), cancellationToken));

    private static async Task<Results<Accepted<SliceJobResponse>, ProblemHttpResult>> Slice(
        Guid id, SliceRequestBody? body, HttpContext http, SliceJobService jobs, CancellationToken cancellationToken)
    {
        var (job, error) = await jobs.StartAsync(new SliceRequest(id, body?.PrinterProfileId, body?.FilamentProfileId, body?.ProcessProfileId), http.Actor(), cancellationToken);
        return job is null ? ProblemMapping.Invalid(error!) : TypedResults.Accepted($"/api/v1/slicer/jobs/{job.Id}", ToResponse(job));
    }

    private static async Task<Results<Ok<SliceJobResponse>, NotFound>> GetJob(Guid id, SliceJobService jobs, CancellationToken cancellationToken) =>
        await jobs.GetAsync(id, cancellationToken) is { } job ? TypedResults.Ok(ToResponse(job)) : TypedResults.NotFound();

    private static SlicerProfileResponse ToResponse(SlicerProfileView p) => new(p.Id, p.Name, p.Kind.ToString(), p.Format.ToString(), p.SettingCount, p.UpdatedAt);

    private static SliceJobResponse ToResponse(SliceJobView j) =>
        new(j.Id, j.SourceFileId, j.SourceName, j.ModelId, j.Profiles, j.State.ToString(), j.Progress, j.Message, j.ResultFileId, j.CreatedAt, j.FinishedAt);
}
