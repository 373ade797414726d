using PrintStash.Domain.Audit;
using PrintStash.Ingestion.Libraries;
using PrintStash.Ingestion.Vault;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Control;

namespace PrintStash.Web.Printers;

/// <summary>
/// Sends a vault print file to a printer: reads the stored bytes as a stream (never whole into memory) and hands them
/// to <see cref="IPrinterControl"/> with their SHA-256, so the ledger links the job to the vault file.
/// </summary>
public sealed class VaultFileSender(VaultQueries queries, FileContentLocator locator, IPrinterControl control)
{
    public async Task<PrinterCommandResult> SendAsync(
        Guid printerId, Guid fileId, bool startAfterUpload, AuditActor actor, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var file = await queries.GetFileAsync(fileId, includeTrashed: false, cancellationToken);
        if (file is null)
        {
            return PrinterCommandResult.Refused("That file is not in the vault (it may have been moved to the trash).");
        }

        if (!file.IsPrintFile)
        {
            return PrinterCommandResult.Refused($"{file.DisplayName} is a {file.Kind.ToUpperInvariant()} model, not a print file: slice it first and send the G-code.");
        }

        await using var content = await locator.OpenAsync(file.LibraryVolumeId, file.LibraryPath, file.BlobHash, cancellationToken);
        if (content is null)
        {
            return PrinterCommandResult.Refused($"The bytes of {file.DisplayName} are missing (a library folder that is gone, or storage damage); an Admin can check under Admin › Storage.");
        }

        var upload = new PrinterUpload(content, file.DisplayName, file.Size, file.BlobHash, file.Id);
        return await control.SendFileAsync(printerId, upload, startAfterUpload, actor, progress, cancellationToken);
    }
}
