using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Jobs;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;
using PrintStash.Web.Printers;

namespace PrintStash.Web.Api;

/// <summary>The job ledger: every print on every printer, filtered and paged by keyset; totals; CSV export.</summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/jobs").WithTags("Jobs").RequireAuthorization(Policies.Viewer);

        group.MapGet("/", List).WithName("ListJobs")
            .WithSummary("Jobs, newest first. Filters: printerId, status, from, to (exclusive), file, user; cursor from the previous page.");
        group.MapGet("/{id:guid}", Get).WithName("GetJob").WithSummary("One job.");
        group.MapGet("/export.csv", Export).WithName("ExportJobs").WithSummary("Every job the filters match, as CSV.");
        group.MapGet("/totals", Totals).WithName("JobTotals")
            .WithSummary("Per-printer totals: jobs, print time, filament, longest job, success rate. printerId narrows to one printer.");
        return app;
    }

    private static async Task<Results<Ok<JobPageResponse>, ProblemHttpResult>> List(
        JobQueries queries, Guid? printerId, string? status, DateTime? from, DateTime? to, string? file, string? user, string? cursor, int? take,
        CancellationToken cancellationToken)
    {
        if (!TryFilter(printerId, status, from, to, file, user, out var filter, out var problem))
        {
            return problem;
        }

        var page = await queries.ListAsync(filter with { Cursor = cursor, Take = take ?? 50 }, cancellationToken);
        return TypedResults.Ok(new JobPageResponse(page.Items.Select(PrinterResponses.ToResponse).ToList(), page.NextCursor));
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> Get(Guid id, JobQueries queries, CancellationToken cancellationToken) =>
        await queries.FindAsync(id, cancellationToken) is { } job ? TypedResults.Ok(PrinterResponses.ToResponse(job)) : TypedResults.Problem(detail: "There is no job with this id.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Export(
        HttpContext http, JobQueries queries, TimeProvider time, Guid? printerId, string? status, DateTime? from, DateTime? to, string? file, string? user,
        CancellationToken cancellationToken)
    {
        if (!TryFilter(printerId, status, from, to, file, user, out var filter, out var problem))
        {
            return problem;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{JobsCsv.FileName(time.GetUtcNow().UtcDateTime)}\"";
        await JobsCsv.WriteAsync(queries.StreamAsync(filter, cancellationToken), http.Response.Body, cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Ok<List<JobTotalsResponse>>> Totals(PrinterJobTotalsQuery totals, Guid? printerId, CancellationToken cancellationToken)
    {
        IEnumerable<PrinterJobTotals> rows = printerId is { } id
            ? [await totals.ForPrinterAsync(id, cancellationToken)]
            : (await totals.ForAllPrintersAsync(cancellationToken)).Values;
        return TypedResults.Ok(rows.Select(PrinterResponses.ToResponse).ToList());
    }

    private static bool TryFilter(
        Guid? printerId, string? status, DateTime? from, DateTime? to, string? file, string? user, out JobFilter filter, out ProblemHttpResult problem)
    {
        filter = new JobFilter(printerId, null, from, to, file, user);
        problem = null!;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (int.TryParse(status, out _) || !Enum.TryParse<PrintJobStatus>(status.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                problem = ProblemMapping.Invalid($"Unknown status '{status}': use one of {string.Join(", ", Enum.GetNames<PrintJobStatus>())}.");
                return false;
            }

            filter = filter with { Status = parsed };
        }

        if (from is { } f && to is { } t && t <= f)
        {
            problem = ProblemMapping.Invalid("'to' must be after 'from'.");
            return false;
        }

        return true;
    }
}
