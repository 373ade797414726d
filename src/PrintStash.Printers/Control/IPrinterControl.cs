using PrintStash.Domain.Audit;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Control;

/// <summary>A file PrintStash sends to a printer; the hash lets the ledger link the job to the vault file.</summary>
public sealed record PrinterUpload(Stream Content, string FileName, long Length, string Sha256, Guid? VaultFileId);

/// <summary>
/// Control of a printer through its live connection (Operator role is checked by callers). Every call is audited with
/// the actor; a printer that is offline or refuses answers with <see cref="PrinterCommandResult.Error"/> in words.
/// </summary>
public interface IPrinterControl
{
    Task<PrinterCommandResult> PauseAsync(Guid printerId, AuditActor actor, CancellationToken cancellationToken);

    Task<PrinterCommandResult> ResumeAsync(Guid printerId, AuditActor actor, CancellationToken cancellationToken);

    Task<PrinterCommandResult> CancelAsync(Guid printerId, AuditActor actor, CancellationToken cancellationToken);

    Task<PrinterCommandResult> StartAsync(Guid printerId, string fileName, AuditActor actor, CancellationToken cancellationToken);

    Task<PrinterCommandResult> SendFileAsync(Guid printerId, PrinterUpload upload, bool startAfterUpload, AuditActor actor, IProgress<long>? progress, CancellationToken cancellationToken);
}
