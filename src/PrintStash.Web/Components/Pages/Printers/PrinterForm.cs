using PrintStash.Domain.Entities;
using PrintStash.Printers.Catalog;

namespace PrintStash.Web.Components.Pages.Printers;

/// <summary>The add/edit form's values, with the labels and hints each printer kind needs.</summary>
public sealed class PrinterForm
{
    public PrinterKind Kind { get; set; } = PrinterKind.Moonraker;

    public string Name { get; set; } = string.Empty;

    public string Address { get; set; } = string.Empty;

    /// <summary>Empty on edit keeps the stored secret.</summary>
    public string Secret { get; set; } = string.Empty;

    public string UserName { get; set; } = string.Empty;

    public string SerialNumber { get; set; } = string.Empty;

    public string Fingerprint { get; set; } = string.Empty;

    public string Location { get; set; } = string.Empty;

    public string Tags { get; set; } = string.Empty;

    public bool Enabled { get; set; } = true;

    public bool HasStoredSecret { get; private set; }

    public static PrinterForm From(PrinterSummary printer) => new()
    {
        Kind = printer.Kind,
        Name = printer.Name,
        Address = printer.Address,
        UserName = printer.UserName ?? string.Empty,
        SerialNumber = printer.SerialNumber ?? string.Empty,
        Fingerprint = printer.TrustedCertificateSha256 ?? string.Empty,
        Location = printer.Location ?? string.Empty,
        Tags = string.Join(", ", printer.Tags),
        Enabled = printer.Enabled,
        HasStoredSecret = printer.HasSecret,
    };

    /// <summary>Only the fields of the chosen kind are sent; the others are cleared so a kind change leaves nothing stale.</summary>
    public PrinterInput ToInput() => new(
        Name.Trim(),
        Kind,
        Address.Trim(),
        Secret.Length == 0 ? null : Secret,
        Kind == PrinterKind.PrusaLink ? Blank(UserName) : null,
        Kind == PrinterKind.Bambu ? Blank(SerialNumber) : null,
        Blank(Fingerprint),
        Blank(Location),
        Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        Enabled);

    public string AddressLabel => Kind switch
    {
        PrinterKind.Bambu => "Host or IP address",
        PrinterKind.PrusaLink => "PrusaLink URL",
        _ => "Moonraker URL",
    };

    public string AddressPlaceholder => Kind switch
    {
        PrinterKind.Bambu => "192.168.1.50",
        PrinterKind.PrusaLink => "http://192.168.1.60",
        _ => "http://voron.local:7125",
    };

    public string AddressHint => Kind switch
    {
        PrinterKind.Bambu => "On the printer: Settings › Network shows the IP address. LAN only mode must be on; add :port only when it is not 8883.",
        PrinterKind.PrusaLink => "On the printer: Settings › Network shows the address; PrusaLink on a Raspberry Pi may use another port.",
        _ => "The printer's host name or IP with Moonraker's port (7125 unless you changed it).",
    };

    public string FingerprintPlaceholder => Kind == PrinterKind.Bambu ? "empty: the first test offers the printer's certificate" : "only for a self-signed https certificate";

    public string FingerprintHint => Kind == PrinterKind.Bambu
        ? "Bambu printers use their own self-signed certificate: test the connection, check it is your printer, then trust the certificate it presented."
        : "Leave empty for plain http or a certificate your system trusts.";

    public string SecretLabel => Kind switch
    {
        PrinterKind.Bambu => "LAN access code",
        PrinterKind.PrusaLink => "Password or API key",
        _ => "API key (optional)",
    };

    public string SecretHint => Kind switch
    {
        PrinterKind.Bambu => "On the printer: Settings › Network › LAN only mode shows the access code.",
        PrinterKind.PrusaLink => "On the printer or in PrusaLink: Settings › Network › PrusaLink shows user and password.",
        _ => "Only when Moonraker's [authorization] section requires one: Mainsail or Fluidd › Settings › Authorization shows it.",
    };

    public string SecretPlaceholder => HasStoredSecret ? "stored encrypted: leave empty to keep" : string.Empty;

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
