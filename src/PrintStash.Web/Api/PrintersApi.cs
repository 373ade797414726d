using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Catalog;
using PrintStash.Printers.Control;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;
using PrintStash.Web.Printers;

namespace PrintStash.Web.Api;

/// <summary>Printers: configuration (Admin), live state and thumbnails (Viewer), control and sending vault files (Operator).</summary>
public static class PrintersApi
{
    public static IEndpointRouteBuilder MapPrintersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/printers").WithTags("Printers");

        group.MapGet("/", List).RequireAuthorization(Policies.Viewer).WithName("ListPrinters").WithSummary("Every configured printer with its live state.");
        group.MapGet("/{id:guid}", Get).RequireAuthorization(Policies.Viewer).WithName("GetPrinter").WithSummary("One printer with its live state.");
        group.MapPost("/", Create).RequireAuthorization(Policies.Admin).WithName("CreatePrinter").WithSummary("Add a printer (the secret is stored encrypted).");
        group.MapPut("/{id:guid}", Update).RequireAuthorization(Policies.Admin).WithName("UpdatePrinter").WithSummary("Change a printer; a null secret keeps the stored one.");
        group.MapDelete("/{id:guid}", Delete).RequireAuthorization(Policies.Admin).WithName("DeletePrinter").WithSummary("Remove a printer and its job history.");
        group.MapPost("/test", TestNew).RequireAuthorization(Policies.Admin).WithName("TestPrinter").WithSummary("Try settings before saving: reachable, credentials accepted, printer ready.");
        group.MapPost("/{id:guid}/test", TestExisting).RequireAuthorization(Policies.Admin).WithName("TestSavedPrinter").WithSummary("Test a saved printer, optionally with changed settings (a null secret uses the stored one).");
        group.MapPost("/{id:guid}/pause", Pause).RequireAuthorization(Policies.Operator).WithName("PausePrint").WithSummary("Pause the running print.");
        group.MapPost("/{id:guid}/resume", Resume).RequireAuthorization(Policies.Operator).WithName("ResumePrint").WithSummary("Resume a paused print.");
        group.MapPost("/{id:guid}/cancel", Cancel).RequireAuthorization(Policies.Operator).WithName("CancelPrint").WithSummary("Cancel the running print.");
        group.MapPost("/{id:guid}/start", Start).RequireAuthorization(Policies.Operator).WithName("StartPrint").WithSummary("Start a file already stored on the printer.");
        group.MapPost("/{id:guid}/send", Send).RequireAuthorization(Policies.Operator).WithName("SendFileToPrinter").WithSummary("Upload a vault print file to the printer and optionally start it.");
        group.MapGet("/{id:guid}/thumbnail", Thumbnail).RequireAuthorization(Policies.Viewer).WithName("GetPrinterThumbnail").WithSummary("Preview of the file being printed.");
        group.MapGet("/{id:guid}/history", History).RequireAuthorization(Policies.Viewer).WithName("GetPrinterHistory").WithSummary("Temperatures and progress of the last hour.");
        return app;
    }

    private static async Task<Ok<List<PrinterResponse>>> List([FromServices] IPrinterCatalog catalog, [FromServices] IPrinterHub hub, CancellationToken cancellationToken)
    {
        var printers = await catalog.ListAsync(cancellationToken);
        return TypedResults.Ok(printers.Select(p => PrinterResponses.ToResponse(p, hub.Find(p.Id))).ToList());
    }

    private static async Task<Results<Ok<PrinterResponse>, ProblemHttpResult>> Get(Guid id, [FromServices] IPrinterCatalog catalog, [FromServices] IPrinterHub hub, CancellationToken cancellationToken) =>
        await catalog.FindAsync(id, cancellationToken) is { } printer ? TypedResults.Ok(PrinterResponses.ToResponse(printer, hub.Find(id))) : NoSuchPrinter();

    private static async Task<Results<Created<PrinterResponse>, ValidationProblem>> Create(
        PrinterRequest? request, HttpContext http, [FromServices] IPrinterCatalog catalog, [FromServices] IPrinterHub hub, CancellationToken cancellationToken)
    {
        var (input, errors) = PrinterResponses.ToInput(request);
        if (input is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await catalog.CreateAsync(input, http.Actor(), cancellationToken);
        return result.Printer is { } printer
            ? TypedResults.Created($"/api/v1/printers/{printer.Id}", PrinterResponses.ToResponse(printer, hub.Find(printer.Id)))
            : TypedResults.ValidationProblem(PrinterResponses.ToErrors(result.Problems));
    }

    private static async Task<Results<Ok<PrinterResponse>, ProblemHttpResult, ValidationProblem>> Update(
        Guid id, PrinterRequest? request, HttpContext http, [FromServices] IPrinterCatalog catalog, [FromServices] IPrinterHub hub, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(id, cancellationToken) is null)
        {
            return NoSuchPrinter();
        }

        var (input, errors) = PrinterResponses.ToInput(request);
        if (input is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await catalog.UpdateAsync(id, input, http.Actor(), cancellationToken);
        return result.Printer is { } printer
            ? TypedResults.Ok(PrinterResponses.ToResponse(printer, hub.Find(id)))
            : TypedResults.ValidationProblem(PrinterResponses.ToErrors(result.Problems));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, HttpContext http, [FromServices] IPrinterCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.DeleteAsync(id, http.Actor(), cancellationToken) ? TypedResults.NoContent() : NoSuchPrinter();

    private static async Task<Results<Ok<PrinterTestResponse>, ValidationProblem>> TestNew(
        PrinterRequest? request, [FromServices] IPrinterCatalog catalog, CancellationToken cancellationToken)
    {
        var (input, errors) = PrinterResponses.ToInput(request);
        return input is null
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(PrinterResponses.ToResponse(await catalog.TestAsync(input, null, cancellationToken)));
    }

    private static async Task<Results<Ok<PrinterTestResponse>, ProblemHttpResult, ValidationProblem>> TestExisting(
        Guid id, PrinterRequest? request, [FromServices] IPrinterCatalog catalog, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(id, cancellationToken) is not { } saved)
        {
            return NoSuchPrinter();
        }

        // No body: test what is saved.
        request ??= new PrinterRequest(saved.Name, saved.Kind.ToString(), saved.Address, null, saved.UserName, saved.SerialNumber,
            saved.TrustedCertificateSha256, saved.Location, saved.Tags, saved.Enabled);
        var (input, errors) = PrinterResponses.ToInput(request);
        return input is null
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(PrinterResponses.ToResponse(await catalog.TestAsync(input, id, cancellationToken)));
    }

    private static Task<Results<NoContent, ProblemHttpResult>> Pause(Guid id, HttpContext http, [FromServices] IPrinterCatalog catalog, [FromServices] IPrinterControl control, CancellationToken cancellationToken) =>
        CommandAsync(id, catalog, () => control.PauseAsync(id, http.Actor(), cancellationToken), cancellationToken);

    private static Task<Results<NoContent, ProblemHttpResult>> Resume(Guid id, HttpContext http, [FromServices] IPrinterCatalog catalog, [FromServices] IPrinterControl control, CancellationToken cancellationToken) =>
        CommandAsync(id, catalog, () => control.ResumeAsync(id, http.Actor(), cancellationToken), cancellationToken);

    private static Task<Results<NoContent, ProblemHttpResult>> Cancel(Guid id, HttpContext http, [FromServices] IPrinterCatalog catalog, [FromServices] IPrinterControl control, CancellationToken cancellationToken) =>
        CommandAsync(id, catalog, () => control.CancelAsync(id, http.Actor(), cancellationToken), cancellationToken);

    private static async Task<Results<NoContent, ProblemHttpResult>> Start(
        Guid id, StartPrintRequest? request, HttpContext http, [FromServices] IPrinterCatalog catalog, [FromServices] IPrinterControl control, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.FileName))
        {
            return ProblemMapping.Invalid("Say which file to start: {\"fileName\": \"part.gcode\"} (a file already on the printer). To print a vault file use /send with start=true.");
        }

        return await CommandAsync(id, catalog, () => control.StartAsync(id, request.FileName.Trim(), http.Actor(), cancellationToken), cancellationToken);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Send(
        Guid id, SendFileRequest? request, HttpContext http, [FromServices] IPrinterCatalog catalog, [FromServices] VaultFileSender sender, CancellationToken cancellationToken)
    {
        if (request is null || request.FileId == Guid.Empty)
        {
            return ProblemMapping.Invalid("Say which vault file to send: {\"fileId\": \"<file id>\", \"start\": true}.");
        }

        return await CommandAsync(id, catalog, () => sender.SendAsync(id, request.FileId, request.Start, http.Actor(), null, cancellationToken), cancellationToken);
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Thumbnail(Guid id, [FromServices] IPrinterHub hub, HttpContext http)
    {
        if (hub.Thumbnail(id) is not var (image, contentType))
        {
            return TypedResults.Problem(detail: "This printer shows no preview: nothing is printing, or the file has no thumbnail.", statusCode: StatusCodes.Status404NotFound);
        }

        // URLs carry the thumbnail key (see PrinterResponses.ThumbnailUrl), so a cached image is never stale.
        http.Response.Headers.CacheControl = http.Request.Query.ContainsKey("v") ? "private, max-age=86400, immutable" : "no-cache";
        return TypedResults.File(image.ToArray(), contentType);
    }

    private static Results<Ok<List<PrinterSampleResponse>>, ProblemHttpResult> History(Guid id, [FromServices] IPrinterHub hub) =>
        hub.Find(id) is null ? NoSuchPrinter() : TypedResults.Ok(hub.History(id).Select(PrinterResponses.ToResponse).ToList());

    /// <summary>A 404 with a body: a bare 404 would be re-executed as the HTML not-found page.</summary>
    private static ProblemHttpResult NoSuchPrinter() =>
        TypedResults.Problem(detail: "There is no printer with this id; it may have been deleted.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>A printer that refuses (busy, Klipper not ready, offline) answers 409 with its reason in words.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> CommandAsync(
        Guid id, IPrinterCatalog catalog, Func<Task<PrinterCommandResult>> command, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(id, cancellationToken) is null)
        {
            return NoSuchPrinter();
        }

        var result = await command();
        return result.Succeeded
            ? TypedResults.NoContent()
            : TypedResults.Problem(detail: result.Error ?? "The printer refused the command.", statusCode: StatusCodes.Status409Conflict);
    }
}
