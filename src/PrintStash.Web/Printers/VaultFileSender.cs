using PrintStash.Domain.Audit;
using PrintStash.Ingestion.Storage;
using PrintStash.Ingestion.Vault;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Control;

namespace PrintStash.Web.Printers;

/// <summary>
/// Sends a vault print file to a printer: reads the stored bytes as a stream (never whole into memory) and hands them
/// to <see cref="IPrinterControl"/> with their SHA-256, so the ledger links the job to the vault file.
/// </summary>
public sealed class VaultFileSender(VaultQueries queries, BlobStore blobs, IPrinterControl control)
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

        if (!blobs.Exists(file.BlobHash))
        {
            return PrinterCommandResult.Refused($"The stored bytes of {file.DisplayName} are missing; an Admin can check storage under Admin › Storage.");
        }

        await using var content = blobs.OpenRead(file.BlobHash);
        var upload = new PrinterUpload(content, file.DisplayName, file.Size, file.BlobHash, file.Id);
        return await control.SendFileAsync(printerId, upload, startAfterUpload, actor, progress, cancellationToken);
    }
}
