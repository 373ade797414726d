using System.Text.Json.Nodes;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Moonraker;

internal sealed partial class MoonrakerConnection
{
    /// <summary>PAUSE/RESUME/CANCEL_PRINT run user macros that may move the head first; give them time.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public Task<PrinterCommandResult> PauseAsync(CancellationToken cancellationToken) =>
        CommandAsync("printer.print.pause", null, s => s.Activity switch
        {
            PrinterActivity.Printing => null,
            PrinterActivity.Paused => "The print is already paused.",
            _ => "Nothing is printing.",
        }, cancellationToken);

    public Task<PrinterCommandResult> ResumeAsync(CancellationToken cancellationToken) =>
        CommandAsync("printer.print.resume", null, s => s.Activity == PrinterActivity.Paused ? null : "The print is not paused.", cancellationToken);

    public Task<PrinterCommandResult> CancelAsync(CancellationToken cancellationToken) =>
        CommandAsync("printer.print.cancel", null, s => s.Activity is PrinterActivity.Printing or PrinterActivity.Paused ? null : "Nothing is printing.", cancellationToken);

    public Task<PrinterCommandResult> StartAsync(string fileName, CancellationToken cancellationToken)
    {
        if (ValidateFileName(fileName) is { } problem)
        {
            return Task.FromResult(PrinterCommandResult.Refused(problem));
        }

        return CommandAsync("printer.print.start", new JsonObject { ["filename"] = fileName.Trim('/') }, Busy, cancellationToken);
    }

    public async Task<PrinterCommandResult> UploadAsync(Stream content, string fileName, long length, bool startAfterUpload, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (ValidateFileName(fileName) is { } problem)
        {
            return PrinterCommandResult.Refused(problem);
        }

        if (startAfterUpload && rpc is not null)
        {
            if (!klippy.IsReady)
            {
                return PrinterCommandResult.Refused(klippy.Refusal);
            }

            if (Busy(status) is { } busy)
            {
                return PrinterCommandResult.Refused(busy);
            }
        }

        try
        {
            return await http.UploadAsync(content, fileName.Trim('/'), length, startAfterUpload, progress, cancellationToken);
        }
        catch (PrinterAuthenticationException)
        {
            return PrinterCommandResult.Refused("The printer rejected the API key.");
        }
        catch (HttpRequestException e)
        {
            return PrinterCommandResult.Refused("The upload failed: " + e.Message);
        }
    }

    private static string? Busy(PrinterStatus s) => s.Activity is PrinterActivity.Printing or PrinterActivity.Paused
        ? $"The printer is busy printing {s.FileName ?? "a file"}."
        : null;

    private static string? ValidateFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return "No file name was given.";
        }

        var segments = fileName.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 0 || segments.Any(s => s is "." or "..") || fileName.Contains('\\', StringComparison.Ordinal)
            ? $"\"{fileName}\" is not a valid file name on the printer."
            : null;
    }

    private async Task<PrinterCommandResult> CommandAsync(string method, JsonObject? parameters, Func<PrinterStatus, string?> refusal, CancellationToken cancellationToken)
    {
        if (rpc is not { } client)
        {
            return PrinterCommandResult.Refused("PrintStash is not connected to this printer right now.");
        }

        if (!klippy.IsReady)
        {
            return PrinterCommandResult.Refused(klippy.Refusal);
        }

        if (refusal(status) is { } reason)
        {
            return PrinterCommandResult.Refused(reason);
        }

        try
        {
            await client.CallAsync(method, parameters, cancellationToken, CommandTimeout);
            return PrinterCommandResult.Ok;
        }
        catch (MoonrakerRequestException e) when (e.Message.Contains("SD busy", StringComparison.OrdinalIgnoreCase))
        {
            return PrinterCommandResult.Refused("The printer is busy printing (Klipper: SD busy).");
        }
        catch (MoonrakerRequestException e) when (e.IsUnauthorized)
        {
            return PrinterCommandResult.Refused("The printer rejected the API key.");
        }
        catch (MoonrakerRequestException e)
        {
            return PrinterCommandResult.Refused(e.Message);
        }
        catch (MoonrakerProtocolException e)
        {
            return PrinterCommandResult.Refused(e.Message);
        }
    }
}
