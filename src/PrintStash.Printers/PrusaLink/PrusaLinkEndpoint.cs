using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.PrusaLink;

/// <summary>
/// Where and how to reach one PrusaLink printer, validated from the printer definition. With a user name the secret is
/// the HTTP Digest password; without one it is sent as X-Api-Key, and a Digest challenge is answered as user
/// <see cref="DefaultUserName"/> (the fixed user of the Buddy firmware) with the same secret.
/// </summary>
internal sealed record PrusaLinkEndpoint(Uri BaseUri, string Secret, string? UserName)
{
    public const string DefaultUserName = "maker";

    public bool UsesApiKey => UserName is null;

    public string DigestUserName => UserName ?? DefaultUserName;

    public static PrusaLinkEndpoint? TryCreate(PrinterDefinition printer, out IReadOnlyList<PrinterFieldProblem> problems)
    {
        var found = new List<PrinterFieldProblem>();
        var baseUri = ParseAddress(printer.Address, found);
        if (string.IsNullOrWhiteSpace(printer.Secret))
        {
            found.Add(new PrinterFieldProblem("Secret", "Enter the password shown on the printer (Settings → Network → PrusaLink) or the API key."));
        }

        var userName = string.IsNullOrWhiteSpace(printer.UserName) ? null : printer.UserName.Trim();
        if (userName is not null && (userName.Contains('"', StringComparison.Ordinal) || userName.Contains(':', StringComparison.Ordinal)))
        {
            found.Add(new PrinterFieldProblem("UserName", "A user name cannot contain quotes or colons."));
        }

        // Sent as a header value: printable ASCII only (a Digest password may be anything, it is only hashed).
        if (userName is null && !string.IsNullOrWhiteSpace(printer.Secret) && printer.Secret.Any(c => c < 0x20 || c > 0x7E))
        {
            found.Add(new PrinterFieldProblem("Secret", "An API key has only letters, digits and punctuation; to use a password, enter the user name too."));
        }

        problems = found;
        return found.Count == 0 && baseUri is not null ? new PrusaLinkEndpoint(baseUri, printer.Secret!, userName) : null;
    }

    private static Uri? ParseAddress(string? address, List<PrinterFieldProblem> problems)
    {
        var text = address?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            problems.Add(new PrinterFieldProblem("Address", "Enter the printer's address, e.g. http://192.168.1.57."));
            return null;
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            problems.Add(new PrinterFieldProblem("Address", "This is not a printer address; use http://<host or IP>[:port], e.g. http://192.168.1.57."));
            return null;
        }

        var builder = new UriBuilder(uri);
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }
}
