using System.Net;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Catalog;

/// <summary>Checks the add/edit form field by field; every problem is reported at once, in words.</summary>
internal static class PrinterInputValidator
{
    public const int MaxName = 128;
    public const int MaxAddress = 512;
    public const int MaxLocation = 128;
    public const int MaxTags = 512;

    /// <summary>Problems of the form alone; <paramref name="hasStoredSecret"/>: an update may keep the stored secret.</summary>
    public static List<PrinterFieldProblem> Validate(PrinterInput input, bool hasStoredSecret)
    {
        var problems = new List<PrinterFieldProblem>();
        var name = input.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            problems.Add(new(nameof(PrinterInput.Name), "Enter a name for the printer."));
        }
        else if (name.Length > MaxName)
        {
            problems.Add(new(nameof(PrinterInput.Name), $"The name is too long (at most {MaxName} characters)."));
        }

        if (!Enum.IsDefined(input.Kind))
        {
            problems.Add(new(nameof(PrinterInput.Kind), "Choose the kind of printer."));
            return problems;
        }

        var address = input.Address?.Trim() ?? string.Empty;
        if (address.Length == 0)
        {
            problems.Add(new(nameof(PrinterInput.Address), input.Kind == PrinterKind.Bambu
                ? "Enter the printer's host name or IP address."
                : "Enter the printer's address, e.g. http://voron.local:7125."));
        }
        else if (address.Length > MaxAddress)
        {
            problems.Add(new(nameof(PrinterInput.Address), $"The address is too long (at most {MaxAddress} characters)."));
        }
        else if (input.Kind == PrinterKind.Bambu ? !IsHostWithOptionalPort(address) : !IsHttpUrl(address))
        {
            problems.Add(new(nameof(PrinterInput.Address), input.Kind == PrinterKind.Bambu
                ? "Enter a host name or IP address (no http://), e.g. 192.168.1.50; add :port only when the printer is not on 8883."
                : "Enter a web address starting with http:// or https://, e.g. http://voron.local:7125."));
        }

        var hasSecret = !string.IsNullOrWhiteSpace(input.Secret) || hasStoredSecret;
        if (input.Kind == PrinterKind.Bambu)
        {
            if (string.IsNullOrWhiteSpace(input.SerialNumber))
            {
                problems.Add(new(nameof(PrinterInput.SerialNumber), "Enter the printer's serial number (Settings → Device on the printer)."));
            }
            else if (input.SerialNumber.Trim().Length > 64 || !input.SerialNumber.Trim().All(char.IsAsciiLetterOrDigit))
            {
                problems.Add(new(nameof(PrinterInput.SerialNumber), "The serial number has letters and digits only."));
            }

            if (!hasSecret)
            {
                problems.Add(new(nameof(PrinterInput.Secret), "Enter the LAN access code shown on the printer (Settings → Network)."));
            }
        }

        if (input.Secret is { Length: > 1000 })
        {
            problems.Add(new(nameof(PrinterInput.Secret), "The key is too long."));
        }

        if (input.UserName is { } user && user.Trim().Length > 128)
        {
            problems.Add(new(nameof(PrinterInput.UserName), "The user name is too long (at most 128 characters)."));
        }

        if (!string.IsNullOrWhiteSpace(input.TrustedCertificateSha256) && NormaliseFingerprint(input.TrustedCertificateSha256) is null)
        {
            problems.Add(new(nameof(PrinterInput.TrustedCertificateSha256), "A certificate fingerprint is 64 hexadecimal characters (SHA-256), colons allowed."));
        }

        if (input.Location is { } location && location.Trim().Length > MaxLocation)
        {
            problems.Add(new(nameof(PrinterInput.Location), $"The location is too long (at most {MaxLocation} characters)."));
        }

        if ((Supervision.PrinterTags.Join(input.Tags)?.Length ?? 0) > MaxTags)
        {
            problems.Add(new(nameof(PrinterInput.Tags), $"Too many tags (at most {MaxTags} characters in all)."));
        }

        return problems;
    }

    /// <summary>Lower-case hex without separators, or null when it is not a SHA-256 fingerprint.</summary>
    public static string? NormaliseFingerprint(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var hex = value.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }

    private static bool IsHttpUrl(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
        uri.Host.Length > 0 && string.IsNullOrEmpty(uri.UserInfo);

    /// <summary>A Bambu printer listens on 8883; another port is for port forwarding, a simulator or the demo ("127.0.0.1:41883").</summary>
    private static bool IsHostWithOptionalPort(string address)
    {
        if (IsHost(address))
        {
            return true;
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = address[..colon];
        return host.StartsWith('[') && host.EndsWith(']')
            ? IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            : !host.Contains(':', StringComparison.Ordinal) && IsHost(host);
    }

    private static bool IsHost(string address) =>
        IPAddress.TryParse(address, out _) || Uri.CheckHostName(address) == UriHostNameType.Dns;
}
