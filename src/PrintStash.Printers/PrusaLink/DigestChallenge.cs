using System.Security.Cryptography;
using System.Text;

namespace PrintStash.Printers.PrusaLink;

/// <summary>
/// One HTTP Digest challenge (RFC 7616, and the RFC 2069 form without qop that the Buddy firmware sends) and the
/// response computation. Shared by the client handler and the simulator; checked against the RFC 7616 examples.
/// </summary>
internal sealed record DigestChallenge(string Realm, string Nonce, string? Opaque, bool Stale, string Algorithm, bool QopAuth)
{
    public static DigestChallenge? FromResponse(HttpResponseMessage response)
    {
        foreach (var header in response.Headers.WwwAuthenticate)
        {
            if (string.Equals(header.Scheme, "Digest", StringComparison.OrdinalIgnoreCase)
                && header.Parameter is not null
                && TryParse(header.Parameter, out var challenge))
            {
                return challenge;
            }
        }

        return null;
    }

    public static bool TryParse(string parameters, out DigestChallenge challenge)
    {
        challenge = null!;
        var values = DigestParameters.Parse(parameters);
        if (!values.TryGetValue("realm", out var realm) || !values.TryGetValue("nonce", out var nonce))
        {
            return false;
        }

        var algorithm = values.GetValueOrDefault("algorithm") ?? "MD5";
        if (!IsSupported(algorithm))
        {
            return false;
        }

        var qop = values.GetValueOrDefault("qop");
        var qopAuth = qop is not null && qop.Split(',').Any(q => q.Trim().Equals("auth", StringComparison.OrdinalIgnoreCase));
        if (qop is not null && !qopAuth)
        {
            return false; // auth-int only: would need the body hashed up front, which a streamed upload cannot give
        }

        challenge = new DigestChallenge(
            realm,
            nonce,
            values.GetValueOrDefault("opaque"),
            string.Equals(values.GetValueOrDefault("stale"), "true", StringComparison.OrdinalIgnoreCase),
            algorithm,
            qopAuth);
        return true;
    }

    public static bool IsSupported(string algorithm) =>
        algorithm.ToUpperInvariant() is "MD5" or "MD5-SESS" or "SHA-256" or "SHA-256-SESS";

    public static string Response(
        string algorithm, string userName, string realm, string password, string method, string uri, string nonce, string? nc, string? cnonce, bool qopAuth)
    {
        var ha1 = Hash(algorithm, $"{userName}:{realm}:{password}");
        if (algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase))
        {
            ha1 = Hash(algorithm, $"{ha1}:{nonce}:{cnonce}");
        }

        var ha2 = Hash(algorithm, $"{method}:{uri}");
        return qopAuth
            ? Hash(algorithm, $"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            : Hash(algorithm, $"{ha1}:{nonce}:{ha2}");
    }

    /// <summary>The Authorization header value answering this challenge.</summary>
    public string Authorization(string userName, string password, HttpMethod method, string uri, int nonceCount, string cnonce)
    {
        var nc = nonceCount.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var response = Response(Algorithm, userName, Realm, password, method.Method, uri, Nonce, nc, cnonce, QopAuth);
        var header = new StringBuilder("Digest ")
            .Append("username=").Append(Quote(userName))
            .Append(", realm=").Append(Quote(Realm))
            .Append(", nonce=").Append(Quote(Nonce))
            .Append(", uri=").Append(Quote(uri))
            .Append(", algorithm=").Append(Algorithm)
            .Append(", response=").Append(Quote(response));
        if (Opaque is not null)
        {
            header.Append(", opaque=").Append(Quote(Opaque));
        }

        if (QopAuth)
        {
            header.Append(", qop=auth, nc=").Append(nc).Append(", cnonce=").Append(Quote(cnonce));
        }

        return header.ToString();
    }

    public static string NewClientNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Hash(string algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
#pragma warning disable CA5351 // MD5 is what HTTP Digest on PrusaLink printers speaks; it is not used to protect data here.
        var digest = algorithm.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase) ? SHA256.HashData(bytes) : MD5.HashData(bytes);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(digest);
    }
}

/// <summary>Parses the comma-separated <c>key=value</c> / <c>key="quoted"</c> list of Digest headers.</summary>
internal static class DigestParameters
{
    public static Dictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var keyStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }

            var key = text[keyStart..i].Trim();
            if (i >= text.Length || text[i] != '=')
            {
                continue;
            }

            i++; // '='
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                var builder = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i]);
                    i++;
                }

                i++; // closing quote
                value = builder.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ',')
                {
                    i++;
                }

                value = text[valueStart..i].Trim();
            }

            if (key.Length > 0)
            {
                values[key] = value;
            }
        }

        return values;
    }

    public static string? Scheme(string? header, out string parameters)
    {
        parameters = string.Empty;
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return header;
        }

        parameters = header[(space + 1)..];
        return header[..space];
    }
}
