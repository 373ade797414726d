using Microsoft.Extensions.Options;
using PrintStash.Domain.Audit;
using PrintStash.Printers;
using PrintStash.Printers.Catalog;
using PrintStash.Web.Printers;

namespace PrintStash.Web.Printing;

/// <summary>
/// "Upload and print" from a slicer: sends the stored file to the printer named in the /octoprint/&lt;printer&gt; prefix,
/// or to PrintStash:Printers:DefaultPrinter, and starts it. Refusals come back in words; the file stays in the vault.
/// </summary>
public sealed class PrinterPrintQueue(IPrinterCatalog catalog, VaultFileSender sender, IOptions<PrintersOptions> options) : IPrintQueue
{
    public async Task<PrintStartResult> StartAsync(Guid fileId, string? printerSlug, AuditActor actor, CancellationToken cancellationToken)
    {
        var slug = string.IsNullOrWhiteSpace(printerSlug) ? options.Value.DefaultPrinter : printerSlug;
        if (string.IsNullOrWhiteSpace(slug))
        {
            return new PrintStartResult(false, "No default printer is configured (PrintStash:Printers:DefaultPrinter), so the print was not started. The file is in the vault.");
        }

        var printer = await catalog.FindBySlugAsync(slug.Trim().ToLowerInvariant(), cancellationToken);
        if (printer is null)
        {
            return new PrintStartResult(false, $"There is no printer '{slug}' to print on, so the print was not started. The file is in the vault.");
        }

        if (!printer.Enabled)
        {
            return new PrintStartResult(false, $"{printer.Name} is disabled, so the print was not started. The file is in the vault.");
        }

        var sent = await sender.SendAsync(printer.Id, fileId, startAfterUpload: true, actor, progress: null, cancellationToken);
        return sent.Succeeded
            ? new PrintStartResult(true, $"Sent to {printer.Name} and started.")
            : new PrintStartResult(false, $"{printer.Name} did not start it: {sent.Error} The file is in the vault.");
    }
}
