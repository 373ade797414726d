using System.Text.Json.Nodes;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Ftps;
using PrintStash.Printers.Mqtt;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Bambu;

/// <summary>Pause, resume, stop, start and upload (FTPS to the printer's storage, then project_file).</summary>
internal sealed partial class BambuConnection
{
    public Task<PrinterCommandResult> PauseAsync(CancellationToken cancellationToken) =>
        ControlAsync("pause", a => a == PrinterActivity.Printing, "Nothing is printing, so there is nothing to pause.", cancellationToken);

    public Task<PrinterCommandResult> ResumeAsync(CancellationToken cancellationToken) =>
        ControlAsync("resume", a => a == PrinterActivity.Paused, "The printer is not paused.", cancellationToken);

    public Task<PrinterCommandResult> CancelAsync(CancellationToken cancellationToken) =>
        ControlAsync("stop", a => a is PrinterActivity.Printing or PrinterActivity.Paused, "Nothing is printing, so there is nothing to cancel.", cancellationToken);

    public async Task<PrinterCommandResult> StartAsync(string fileName, CancellationToken cancellationToken)
    {
        if (RemoteName(fileName) is not { } name)
        {
            return PrinterCommandResult.Refused($"'{fileName}' is not a file name the printer can store (no folders, no control characters).");
        }

        if (Refusal(a => a is not (PrinterActivity.Printing or PrinterActivity.Paused), "The printer is busy with another print.") is { } refused)
        {
            return refused;
        }

        var request = name.EndsWith(".3mf", StringComparison.OrdinalIgnoreCase)
            ? BambuCommands.ProjectFile(NextSequence(), name)
            : BambuCommands.GcodeFile(NextSequence(), name);
        return await SendCommandAsync(request, cancellationToken);
    }

    public async Task<PrinterCommandResult> UploadAsync(Stream content, string fileName, long length, bool startAfterUpload, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (RemoteName(fileName) is not { } name)
        {
            return PrinterCommandResult.Refused($"'{fileName}' is not a file name the printer can store (no folders, no control characters).");
        }

        if (startAfterUpload && Refusal(a => a is not (PrinterActivity.Printing or PrinterActivity.Paused), "The printer is busy with another print; upload without starting, or wait.") is { } busy)
        {
            return busy;
        }

        try
        {
            await using var ftps = await OpenFtpsAsync(cancellationToken);
            await ftps.UploadAsync(content, "/" + name, progress, cancellationToken);
            if (length >= 0 && await ftps.GetSizeAsync("/" + name, cancellationToken) is { } size && size != length)
            {
                return PrinterCommandResult.Refused($"The printer stored {size:N0} of {length:N0} bytes of {name}; try again.");
            }
        }
        catch (FtpsException ex) when (ex.Failure == FtpsFailure.LoginRejected)
        {
            return PrinterCommandResult.Refused("The printer rejected the access code for file transfer (FTPS). Re-read the LAN access code on the printer.");
        }
        catch (FtpsException ex)
        {
            return PrinterCommandResult.Refused($"Sending {name} to the printer failed: {ex.Message}");
        }
        catch (CertificatePinMismatchException ex)
        {
            return PrinterCommandResult.Refused(ex.Message);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or TimeoutException or System.Security.Authentication.AuthenticationException or IOException)
        {
            return PrinterCommandResult.Refused($"Could not reach the printer's file transfer service (FTPS, port {options.FtpsPort}): {ex.Message}");
        }

        return startAfterUpload ? await StartAsync(name, cancellationToken) : PrinterCommandResult.Ok;
    }

    private Task<FtpsClient> OpenFtpsAsync(CancellationToken cancellationToken) => FtpsClient.ConnectAsync(new FtpsClientOptions
    {
        Host = settings.Host,
        Port = options.FtpsPort,
        Username = options.FtpsUserName,
        Password = settings.AccessCode,
        // The printer presents its device certificate (CN = serial) on 990 as on 8883, so one pin covers both.
        Trust = settings.Trust,
        TlsServerName = settings.Serial,
        ConnectTimeout = options.ConnectTimeout,
    }, timeProvider, cancellationToken);

    private async Task<PrinterCommandResult> ControlAsync(string command, Func<PrinterActivity, bool> allowed, string notAllowed, CancellationToken cancellationToken)
    {
        if (Refusal(allowed, notAllowed) is { } refused)
        {
            return refused;
        }

        return await SendCommandAsync(BambuCommands.Print(NextSequence(), command), cancellationToken);
    }

    private PrinterCommandResult? Refusal(Func<PrinterActivity, bool> allowed, string notAllowed)
    {
        if (mqtt is not { IsConnected: true } || lastReport is not { } report)
        {
            return PrinterCommandResult.Refused("The printer is not connected.");
        }

        if (report.SignedCommandsRequired)
        {
            return PrinterCommandResult.Refused("The printer only accepts signed commands from Bambu software. Enable LAN-only mode with Developer Mode on the printer to control it from PrintStash.");
        }

        return allowed(BambuStatusMapper.Activity(report.GcodeState, false)) ? null : PrinterCommandResult.Refused(notAllowed);
    }

    /// <summary>
    /// Publishes a command (QoS 1, like Bambu Studio) and waits briefly for the printer's acknowledgement on the report
    /// topic. Many firmware versions acknowledge only through the next status, so silence counts as sent.
    /// </summary>
    private async Task<PrinterCommandResult> SendCommandAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var (key, body) = request.First();
        var command = BambuJson.String(body!["command"])!;
        var sequenceId = BambuJson.String(body["sequence_id"])!;
        var ackKey = AckKey(key, command, sequenceId);
        var waiter = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        pendingAcks[ackKey] = waiter;
        try
        {
            await PublishAsync(request, MqttQualityOfService.AtLeastOnce, cancellationToken);
            var ack = await waiter.Task.WaitAsync(options.CommandAckTimeout, timeProvider, cancellationToken);
            var result = BambuJson.String(ack["result"]);
            if (result is not null && !string.Equals(result, "success", StringComparison.OrdinalIgnoreCase))
            {
                var reason = BambuJson.String(ack["reason"]);
                return PrinterCommandResult.Refused($"The printer refused '{command}'{(string.IsNullOrEmpty(reason) ? "." : ": " + reason)}");
            }

            return PrinterCommandResult.Ok;
        }
        catch (TimeoutException)
        {
            return PrinterCommandResult.Ok;
        }
        catch (Exception ex) when (ex is MqttConnectionClosedException or InvalidOperationException)
        {
            return PrinterCommandResult.Refused("The connection to the printer dropped before the command was sent; try again once it is back.");
        }
        finally
        {
            pendingAcks.TryRemove(ackKey, out _);
        }
    }

    /// <summary>The printer's storage root takes plain names; anything that could climb out or break the protocol is refused.</summary>
    private static string? RemoteName(string fileName)
    {
        var name = fileName?.Trim();
        return string.IsNullOrEmpty(name) || name is "." or ".." || name.Length > 200
            || name.AsSpan().IndexOfAny(['/', '\\', '\r', '\n', '\0', '"']) >= 0 || name.Any(char.IsControl)
            ? null
            : name;
    }
}
