using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Bambu;

/// <summary>What one Bambu printer needs, validated from the printer definition with problems per form field.</summary>
internal sealed record BambuPrinterSettings(string Host, int MqttPort, string AccessCode, string Serial, ServerCertificateTrust Trust)
{
    public string ReportTopic => $"device/{Serial}/report";

    public string RequestTopic => $"device/{Serial}/request";

    public static BambuPrinterSettings? TryCreate(PrinterDefinition printer, BambuDriverOptions options, out IReadOnlyList<PrinterFieldProblem> problems)
    {
        var found = new List<PrinterFieldProblem>();
        string? host = null;
        var port = options.MqttPort;
        var address = printer.Address?.Trim() ?? "";
        if (address.Length == 0)
        {
            found.Add(new PrinterFieldProblem(nameof(PrinterDefinition.Address), "Enter the printer's IP address or host name."));
        }
        else if (Uri.TryCreate(address.Contains("://", StringComparison.Ordinal) ? address : "mqtts://" + address, UriKind.Absolute, out var uri)
            && uri.Host.Length > 0 && uri.AbsolutePath is "" or "/")
        {
            host = uri.Host.Trim('[', ']');
            port = uri.IsDefaultPort || uri.Port <= 0 ? options.MqttPort : uri.Port;
        }
        else
        {
            found.Add(new PrinterFieldProblem(nameof(PrinterDefinition.Address), $"'{address}' is not an IP address or host name (optionally with :port)."));
        }

        var accessCode = printer.Secret?.Trim() ?? "";
        if (accessCode.Length == 0)
        {
            found.Add(new PrinterFieldProblem(nameof(PrinterDefinition.Secret), "Enter the LAN access code (8 characters, on the printer's network / LAN settings screen)."));
        }

        var serial = printer.SerialNumber?.Trim().ToUpperInvariant() ?? "";
        if (serial.Length == 0)
        {
            found.Add(new PrinterFieldProblem(nameof(PrinterDefinition.SerialNumber), "Enter the serial number (printer screen: Settings → Device)."));
        }
        else if (serial.AsSpan().ContainsAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
        {
            found.Add(new PrinterFieldProblem(nameof(PrinterDefinition.SerialNumber), "A serial number has only letters and digits, like 01S00C123400567."));
        }

        var trust = ServerCertificateTrust.TrustOnFirstUse;
        if (!string.IsNullOrWhiteSpace(printer.TrustedCertificateSha256))
        {
            try
            {
                trust = ServerCertificateTrust.Pinned(printer.TrustedCertificateSha256);
            }
            catch (ArgumentException ex)
            {
                found.Add(new PrinterFieldProblem(nameof(PrinterDefinition.TrustedCertificateSha256), ex.Message));
            }
        }

        problems = found;
        return found.Count == 0 ? new BambuPrinterSettings(host!, port, accessCode, serial, trust) : null;
    }
}
