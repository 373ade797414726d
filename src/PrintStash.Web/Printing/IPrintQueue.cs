using PrintStash.Domain.Audit;

namespace PrintStash.Web.Printing;

/// <summary>What became of a request to print a file right after it was uploaded.</summary>
public sealed record PrintStartResult(bool Started, string Message);

/// <summary>
/// Starts a print of a vault file, on a named printer or the configured default one. The seam between slicer
/// uploads ("Upload and print") and the printer integration, which registers its own implementation.
/// </summary>
public interface IPrintQueue
{
    /// <param name="printerSlug">The printer from an <c>/octoprint/&lt;printer&gt;/api</c> prefix, or null for the default printer.</param>
    Task<PrintStartResult> StartAsync(Guid fileId, string? printerSlug, AuditActor actor, CancellationToken cancellationToken);
}
