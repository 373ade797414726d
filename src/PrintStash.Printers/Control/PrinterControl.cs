using Microsoft.Extensions.Logging;
using PrintStash.Domain.Audit;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Jobs;
using PrintStash.Printers.Supervision;

namespace PrintStash.Printers.Control;

/// <summary>
/// Sends commands through the supervisor's live connection. Offline printers and driver failures answer in words;
/// every attempt, allowed or refused, is audited with its outcome.
/// </summary>
public sealed class PrinterControl(
    PrinterSupervisors supervisors,
    PendingSends pendingSends,
    IAuditLog audit,
    ILogger<PrinterControl> logger) : IPrinterControl
{
    public const string Offline = "The printer is offline.";
    public const string NotSupervised = "The printer is disabled or does not exist.";

    public Task<PrinterCommandResult> PauseAsync(Guid printerId, AuditActor actor, CancellationToken cancellationToken) =>
        RunAsync(printerId, actor, AuditActions.PrinterPaused, null, c => c.PauseAsync(cancellationToken), cancellationToken);

    public Task<PrinterCommandResult> ResumeAsync(Guid printerId, AuditActor actor, CancellationToken cancellationToken) =>
        RunAsync(printerId, actor, AuditActions.PrinterResumed, null, c => c.ResumeAsync(cancellationToken), cancellationToken);

    public Task<PrinterCommandResult> CancelAsync(Guid printerId, AuditActor actor, CancellationToken cancellationToken) =>
        RunAsync(printerId, actor, AuditActions.PrinterCancelled, null, c => c.CancelAsync(cancellationToken), cancellationToken);

    public Task<PrinterCommandResult> StartAsync(Guid printerId, string fileName, AuditActor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Length > 512)
        {
            return Task.FromResult(PrinterCommandResult.Refused("Choose a file to print."));
        }

        return RunAsync(printerId, actor, AuditActions.PrinterStarted, new { file = fileName }, c => c.StartAsync(fileName, cancellationToken), cancellationToken);
    }

    public async Task<PrinterCommandResult> SendFileAsync(Guid printerId, PrinterUpload upload, bool startAfterUpload, AuditActor actor, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var fileName = PendingSends.BareName(upload.FileName ?? string.Empty).Trim();
        var sha256 = upload.Sha256?.Trim().ToLowerInvariant() ?? string.Empty;
        if (fileName.Length is 0 or > 255 || fileName is "." or "..")
        {
            return PrinterCommandResult.Refused("The file name cannot be used on a printer.");
        }

        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit) || upload.Length < 0)
        {
            return PrinterCommandResult.Refused("The file to send is not a stored vault file.");
        }

        PendingSend? pending = null;
        var result = await RunAsync(
            printerId,
            actor,
            AuditActions.PrinterFileSent,
            new { file = fileName, sha256, vaultFileId = upload.VaultFileId, start = startAfterUpload, bytes = upload.Length },
            async connection =>
            {
                // Recorded before the upload: a printer that starts at once may report the job before the upload returns.
                pending = await pendingSends.RecordAsync(printerId, fileName, sha256, upload.VaultFileId, actor.UserId, cancellationToken);
                return await connection.UploadAsync(upload.Content, fileName, upload.Length, startAfterUpload, progress, cancellationToken);
            },
            cancellationToken);
        if (!result.Succeeded && pending is not null)
        {
            await pendingSends.ForgetAsync(pending, CancellationToken.None);
        }

        return result;
    }

    private async Task<PrinterCommandResult> RunAsync(
        Guid printerId,
        AuditActor actor,
        string action,
        object? details,
        Func<IPrinterConnection, Task<PrinterCommandResult>> command,
        CancellationToken cancellationToken)
    {
        PrinterCommandResult result;
        var connection = supervisors.LiveConnection(printerId);
        if (connection is null)
        {
            result = PrinterCommandResult.Refused(supervisors.IsSupervised(printerId) ? Offline : NotSupervised);
        }
        else
        {
            try
            {
                result = await command(connection);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                result = PrinterCommandResult.Refused("The command was cancelled before the printer answered.");
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Command {Action} on printer {PrinterId} failed", action, printerId);
                result = PrinterCommandResult.Refused($"The printer did not take the command: {ex.Message}");
            }
        }

        await audit.WriteAsync(actor, action, "printer", printerId.ToString(), new { details, succeeded = result.Succeeded, error = result.Error }, CancellationToken.None);
        return result;
    }
}
