using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Catalog;
using PrintStash.Printers.Jobs;
using PrintStash.Web.Api.Contracts;

namespace PrintStash.Web.Api;

/// <summary>Maps printer and job models to their API contracts, and requests to catalog input.</summary>
internal static class PrinterResponses
{
    public static PrinterResponse ToResponse(PrinterSummary printer, PrinterSnapshot? live) =>
        new(printer.Id, printer.Name, printer.Slug, printer.Kind.ToString(), printer.Address, printer.HasSecret, printer.UserName,
            printer.SerialNumber, printer.TrustedCertificateSha256, printer.Location, printer.Tags, printer.Enabled, printer.CreatedAt,
            live is null ? null : ToResponse(live));

    public static PrinterLiveResponse ToResponse(PrinterSnapshot s) =>
        new(s.Connection.ToString(), s.NextRetryAt, s.ConnectionError, s.LastSeenAt, s.Status.Activity.ToString(), s.Status.FileName,
            s.Status.Progress, s.Status.Elapsed?.TotalSeconds, s.Status.Remaining?.TotalSeconds, s.Eta, s.Status.CurrentLayer,
            s.Status.TotalLayers, s.Status.SpeedFactor, s.Status.FanSpeed, s.Status.Message, s.Status.CurrentObject,
            s.Status.Heaters.Select(ToResponse).ToList(), s.CurrentJobId,
            s.ThumbnailKey is null ? null : ThumbnailUrl(s.PrinterId, s.ThumbnailKey), s.Status.Firmware);

    public static HeaterResponse ToResponse(HeaterReading h) => new(h.Name, h.Current, h.Target);

    public static PrinterSampleResponse ToResponse(PrinterSample s) => new(s.At, s.Progress, s.Heaters.Select(ToResponse).ToList());

    public static PrinterTestResponse ToResponse(PrinterTestResult r) =>
        new(r.Succeeded, r.Summary, r.Problems.Select(p => new FieldProblemResponse(p.Field, p.Message)).ToList(), r.PresentedCertificateSha256);

    public static JobResponse ToResponse(JobView j) =>
        new(j.Id, j.PrinterId, j.PrinterName, j.PrinterJobId, j.FileName, j.VaultFileId, j.UserId, j.UserName, j.Status.ToString(),
            j.StartedAt, j.EndedAt, j.PrintSeconds, j.TotalSeconds, j.FilamentUsedMm, j.FilamentUsedGrams);

    public static JobTotalsResponse ToResponse(PrinterJobTotals t) =>
        new(t.PrinterId, t.Jobs, t.CompletedJobs, t.FinishedJobs, t.PrintSeconds, t.FilamentUsedMm, t.FilamentUsedGrams, t.LongestJobSeconds, t.SuccessRate);

    /// <summary>The key in the query string makes the URL change with the image, so browsers may cache it for good.</summary>
    public static string ThumbnailUrl(Guid printerId, string key) => $"/api/v1/printers/{printerId}/thumbnail?v={Uri.EscapeDataString(key)}";

    /// <summary>Catalog input from a request, or the field problems that stop it before the catalog sees it.</summary>
    public static (PrinterInput? Input, Dictionary<string, string[]> Errors) ToInput(PrinterRequest? request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request is null)
        {
            errors["body"] = ["Send the printer as JSON: name, kind (Moonraker, Bambu or PrusaLink), address and, where the printer needs one, secret."];
            return (null, errors);
        }

        if (!TryParseKind(request.Kind, out var kind))
        {
            errors[nameof(PrinterInput.Kind)] = [$"Unknown kind '{request.Kind}': use Moonraker, Bambu or PrusaLink."];
            return (null, errors);
        }

        return (new PrinterInput(
            request.Name?.Trim() ?? string.Empty,
            kind,
            request.Address?.Trim() ?? string.Empty,
            string.IsNullOrEmpty(request.Secret) ? null : request.Secret,
            Blank(request.UserName),
            Blank(request.SerialNumber),
            Blank(request.TrustedCertificateSha256),
            Blank(request.Location),
            request.Tags?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList(),
            request.Enabled ?? true), errors);
    }

    public static Dictionary<string, string[]> ToErrors(IEnumerable<PrinterFieldProblem> problems) =>
        problems.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);

    public static bool TryParseKind(string? text, out PrinterKind kind)
    {
        kind = default;
        return !string.IsNullOrWhiteSpace(text) && !int.TryParse(text, out _) && Enum.TryParse(text.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
