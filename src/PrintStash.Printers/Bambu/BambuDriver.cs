using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Mqtt;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Bambu;

/// <summary>Bambu Lab printers in LAN mode: MQTT over TLS on 8883 for status and control, implicit FTPS on 990 for files.</summary>
public sealed class BambuDriver(TimeProvider timeProvider, BambuDriverOptions options, ILoggerFactory loggerFactory) : IPrinterDriver
{
    private readonly ILogger logger = loggerFactory.CreateLogger<BambuDriver>();

    public BambuDriver(TimeProvider timeProvider, BambuDriverOptions? options = null)
        : this(timeProvider, options ?? new BambuDriverOptions(), NullLoggerFactory.Instance)
    {
    }

    public PrinterKind Kind => PrinterKind.Bambu;

    public IPrinterConnection CreateConnection(PrinterDefinition printer)
    {
        ArgumentNullException.ThrowIfNull(printer);
        var settings = BambuPrinterSettings.TryCreate(printer, options, out var problems)
            ?? throw new ArgumentException(string.Join(" ", problems.Select(p => p.Message)), nameof(printer));
        return new BambuConnection(printer, settings, options, timeProvider, logger);
    }

    /// <summary>
    /// Connects like the live connection would and asks for one full report. Problems are tied to the form field to fix:
    /// Address (host unreachable), Secret (access code rejected), SerialNumber (serial does not match),
    /// TrustedCertificateSha256 (certificate changed). Reports the presented certificate so the form can pin it.
    /// </summary>
    public async Task<PrinterTestResult> TestAsync(PrinterDefinition printer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(printer);
        var settings = BambuPrinterSettings.TryCreate(printer, options, out var problems);
        if (settings is null)
        {
            return new PrinterTestResult(problems);
        }

        MqttConnection mqtt;
        try
        {
            mqtt = await BambuConnection.ConnectAsync(printer, settings, options, timeProvider, cancellationToken);
        }
        catch (PrinterAuthenticationException)
        {
            return PrinterTestResult.Problem(nameof(PrinterDefinition.Secret), "access code rejected: re-read the LAN access code on the printer's network screen.");
        }
        catch (CertificatePinMismatchException ex)
        {
            return new PrinterTestResult([new PrinterFieldProblem(nameof(PrinterDefinition.TrustedCertificateSha256), ex.Message)], null, ex.PresentedSha256);
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return PrinterTestResult.Problem(nameof(PrinterDefinition.Address), $"host unreachable: nothing answers MQTT on {settings.Host}:{settings.MqttPort} ({ex.Message}). Is the printer on, in LAN mode, and is the address right?");
        }
        catch (Exception ex) when (ex is AuthenticationException or MqttConnectionClosedException or MqttProtocolException or MqttConnectRefusedException)
        {
            return PrinterTestResult.Problem(nameof(PrinterDefinition.Address), $"{settings.Host}:{settings.MqttPort} answers, but not like a Bambu printer: {ex.Message}");
        }

        await using (mqtt)
        {
            var fingerprint = mqtt.ServerCertificateSha256;
            try
            {
                await mqtt.SubscribeAsync(settings.ReportTopic, MqttQualityOfService.AtMostOnce, cancellationToken);
                await mqtt.PublishAsync(settings.RequestTopic, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(BambuCommands.PushAll("1")), MqttQualityOfService.AtMostOnce, false, cancellationToken);
                var report = await FirstReportAsync(mqtt, settings, cancellationToken);
                if (report is null)
                {
                    return new PrinterTestResult(
                        [new PrinterFieldProblem(nameof(PrinterDefinition.SerialNumber), $"serial does not match: the printer accepted the access code but sent no report for {settings.Serial}. Check the serial number on the printer's screen.")],
                        null,
                        fingerprint);
                }

                var summary = $"Connected to {settings.Serial}: {report.GcodeState ?? "state unknown"}";
                if (report.SignedCommandsRequired)
                {
                    summary += ". Status works, but the printer ignores unsigned commands: enable LAN-only Developer Mode to pause, stop and start prints from PrintStash";
                }

                return new PrinterTestResult([], summary + ".", fingerprint);
            }
            catch (MqttConnectionClosedException ex)
            {
                return new PrinterTestResult([new PrinterFieldProblem(nameof(PrinterDefinition.Address), $"The printer closed the connection: {ex.Message}")], null, fingerprint);
            }
        }
    }

    private async Task<BambuPrintReport?> FirstReportAsync(MqttConnection mqtt, BambuPrinterSettings settings, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.TestReportTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await foreach (var message in mqtt.Messages.ReadAllAsync(linked.Token))
            {
                if (message.Topic != settings.ReportTopic)
                {
                    continue;
                }

                if (BambuJson.ParseObject(message.Payload.Span, out _)?["print"] is JsonObject print)
                {
                    return BambuPrintReport.From(print);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
        }

        return null;
    }
}
