using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Moonraker;

/// <summary>Klipper printers through Moonraker's WebSocket JSON-RPC and HTTP API.</summary>
public sealed class MoonrakerDriver(TimeProvider time, MoonrakerOptions options, ILoggerFactory loggerFactory) : IPrinterDriver
{
    private readonly ILogger logger = loggerFactory.CreateLogger<MoonrakerDriver>();

    public MoonrakerDriver(TimeProvider time, MoonrakerOptions? options = null)
        : this(time, options ?? new MoonrakerOptions(), NullLoggerFactory.Instance)
    {
    }

    public PrinterKind Kind => PrinterKind.Moonraker;

    public IPrinterConnection CreateConnection(PrinterDefinition printer)
    {
        ArgumentNullException.ThrowIfNull(printer);
        if (!MoonrakerEndpoint.TryParse(printer.Address, out var endpoint, out var error))
        {
            throw new ArgumentException(error, nameof(printer));
        }

        return new MoonrakerConnection(printer, endpoint, options, time, logger);
    }

    /// <summary>Reachable? API key accepted? Klipper ready? Answers in words, tied to the Address or Secret field.</summary>
    public async Task<PrinterTestResult> TestAsync(PrinterDefinition printer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(printer);
        if (!MoonrakerEndpoint.TryParse(printer.Address, out var endpoint, out var error))
        {
            return PrinterTestResult.Problem("Address", error);
        }

        var pin = new CertificatePin(printer.TrustedCertificateSha256);
        var apiKey = string.IsNullOrWhiteSpace(printer.Secret) ? null : printer.Secret.Trim();
        using var http = new MoonrakerHttp(endpoint, apiKey, pin, options);
        PrinterTestResult Fail(string field, string message) => new([new PrinterFieldProblem(field, message)], null, pin.PresentedSha256);
        try
        {
            var info = await http.GetResultAsync("server/info", cancellationToken);
            if (info.ValueKind != JsonValueKind.Object || info.Property("klippy_state") is null && info.Property("klippy_connected") is null)
            {
                return Fail("Address", $"{endpoint.BaseUri} answers, but not like Moonraker.");
            }

            // /server/info may be open to everyone; the file list is not, so it proves the key.
            var files = await http.GetResultAsync("server/files/list?root=gcodes", cancellationToken);
            var fileCount = files.ValueKind == JsonValueKind.Array ? files.GetArrayLength() : 0;
            var state = info.String("klippy_state") ?? (info.Bool("klippy_connected") == true ? "ready" : "disconnected");
            var klipper = state;
            if (info.Bool("klippy_connected") == true)
            {
                try
                {
                    var printerInfo = await http.GetResultAsync("printer/info", cancellationToken);
                    var message = printerInfo.String("state_message");
                    klipper = state == "ready"
                        ? $"Klipper {printerInfo.String("software_version")} ready"
                        : $"Klipper {state}" + (string.IsNullOrWhiteSpace(message) ? string.Empty : $": {message.Trim()}");
                }
                catch (MoonrakerRequestException)
                {
                    klipper = "Klipper " + state;
                }
            }
            else
            {
                klipper = "Moonraker is not connected to Klipper";
            }

            var summary = $"Moonraker {info.String("moonraker_version")} · {klipper} · {fileCount} file{(fileCount == 1 ? string.Empty : "s")}";
            return new PrinterTestResult([], summary, pin.PresentedSha256);
        }
        catch (PrinterAuthenticationException)
        {
            return Fail("Secret", apiKey is null ? "Moonraker requires an API key (Mainsail/Fluidd: Settings → API key)." : "API key rejected");
        }
        catch (HttpRequestException) when (pin.PinRejected)
        {
            return Fail("Address",
                $"The printer's TLS certificate is not trusted. Its SHA-256 fingerprint is {CertificatePin.Format(pin.PresentedSha256 ?? string.Empty)}; trust it only if it matches the printer's certificate.");
        }
        catch (HttpRequestException e)
        {
            return Fail("Address", Unreachable(endpoint, e));
        }
        catch (MoonrakerProtocolException e)
        {
            return Fail("Address", e.Message);
        }
        catch (MoonrakerRequestException e) when (e.IsNotFound)
        {
            return Fail("Address", $"{endpoint.BaseUri} answers, but not like Moonraker (no /server/info).");
        }
        catch (MoonrakerRequestException e)
        {
            return Fail("Address", "Moonraker refused the request: " + e.Message);
        }
    }

    private static string Unreachable(MoonrakerEndpoint endpoint, HttpRequestException e)
    {
        var where = $"{endpoint.BaseUri.Host}:{endpoint.BaseUri.Port}";
        return (e.InnerException as SocketException)?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => $"Nothing answers on {where}; is Moonraker running and is the port right?",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"The host {endpoint.BaseUri.Host} was not found.",
            SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"{where} is unreachable from this server.",
            _ => $"Cannot reach {where}: {e.Message}",
        };
    }
}
