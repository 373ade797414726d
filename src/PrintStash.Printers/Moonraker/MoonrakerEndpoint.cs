namespace PrintStash.Printers.Moonraker;

/// <summary>
/// Where a Moonraker instance lives: the HTTP base (with the path of a reverse proxy, if any) and the WebSocket derived
/// from it. "192.168.1.20" and "printer.local:7125" are accepted too (http, port 7125 when none is given).
/// </summary>
internal sealed record MoonrakerEndpoint(Uri BaseUri)
{
    public const int DefaultPort = 7125;

    public bool IsTls => BaseUri.Scheme == Uri.UriSchemeHttps;

    public Uri Http(string relative) => new(BaseUri, relative.TrimStart('/'));

    public Uri WebSocket(string? oneshotToken)
    {
        var builder = new UriBuilder(Http("websocket")) { Scheme = IsTls ? "wss" : "ws" };
        if (oneshotToken is not null)
        {
            builder.Query = "token=" + Uri.EscapeDataString(oneshotToken);
        }

        return builder.Uri;
    }

    /// <summary>URL of a file under the gcodes root; each path segment escaped.</summary>
    public Uri GcodeFile(string relativePath) =>
        Http("server/files/gcodes/" + string.Join('/', relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString)));

    public static bool TryParse(string? address, out MoonrakerEndpoint endpoint, out string error)
    {
        endpoint = null!;
        error = string.Empty;
        var text = address?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            error = "Enter the printer's address, e.g. http://192.168.1.20:7125.";
            return false;
        }

        var hasScheme = text.Contains("://", StringComparison.Ordinal);
        if (!hasScheme)
        {
            var authority = text.Split('/', 2)[0];
            var hasPort = authority.StartsWith('[') ? authority.Contains("]:", StringComparison.Ordinal) : authority.Contains(':', StringComparison.Ordinal);
            text = "http://" + text;
            if (!hasPort && Uri.TryCreate(text, UriKind.Absolute, out var withoutPort))
            {
                text = new UriBuilder(withoutPort) { Port = DefaultPort }.Uri.ToString();
            }
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = $"\"{address}\" is not a valid address; use http://host:7125.";
            return false;
        }

        var scheme = uri.Scheme switch
        {
            "http" or "ws" => Uri.UriSchemeHttp,
            "https" or "wss" => Uri.UriSchemeHttps,
            _ => null,
        };
        if (scheme is null)
        {
            error = $"Moonraker is reached over http or https, not {uri.Scheme}.";
            return false;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            error = "The address must not contain a query, fragment or user name; put the API key in its own field.";
            return false;
        }

        var path = uri.AbsolutePath;
        if (path.EndsWith("/websocket", StringComparison.OrdinalIgnoreCase) || path.EndsWith("/websocket/", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..path.LastIndexOf("/websocket", StringComparison.OrdinalIgnoreCase)];
        }

        if (!path.EndsWith('/'))
        {
            path += "/";
        }

        var port = uri.IsDefaultPort && (uri.Scheme == "ws" || uri.Scheme == "wss") ? (scheme == Uri.UriSchemeHttps ? 443 : 80) : uri.Port;
        endpoint = new MoonrakerEndpoint(new UriBuilder(scheme, uri.Host, port, path).Uri);
        return true;
    }
}
