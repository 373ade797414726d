using System.Collections.Specialized;
using System.Security.Cryptography;
using PrintStash.Printers.PrusaLink;

namespace PrintStash.Printers.Simulation.PrusaLink;

/// <summary>What the auth gate decided for one request.</summary>
internal readonly record struct SimulatedAuthOutcome(bool Allowed, int StatusCode, string? Challenge, string? Text)
{
    public static SimulatedAuthOutcome Allow { get; } = new(true, 200, null, null);
}

/// <summary>
/// The server side of PrusaLink authentication: X-Api-Key and/or HTTP Digest with issued nonces that expire
/// (answered with <c>stale=true</c>) and nonce counts that may not repeat.
/// </summary>
internal sealed class SimulatedPrusaAuth(PrusaLinkSimulatorOptions options)
{
    private const int MaxNonces = 256;
    private readonly Lock gate = new();
    private readonly Dictionary<string, IssuedNonce> nonces = new(StringComparer.Ordinal);

    public int Challenges { get; private set; }

    public int StaleChallenges { get; private set; }

    public int AcceptedDigestAnswers { get; private set; }

    public void ExpireNonces()
    {
        lock (gate)
        {
            foreach (var nonce in nonces.Values)
            {
                nonce.Expired = true;
            }
        }
    }

    public SimulatedAuthOutcome Check(string method, string rawUrl, NameValueCollection headers)
    {
        var apiKey = headers["X-Api-Key"];
        if (options.Auth != PrusaLinkSimulatorAuth.Digest && apiKey is not null)
        {
            return string.Equals(apiKey, options.ApiKey, StringComparison.Ordinal)
                ? SimulatedAuthOutcome.Allow
                : new SimulatedAuthOutcome(false, 403, null, "Bad X-Api-Key.");
        }

        if (options.Auth == PrusaLinkSimulatorAuth.ApiKey)
        {
            return new SimulatedAuthOutcome(false, 401, null, "Missing X-Api-Key.");
        }

        var scheme = DigestParameters.Scheme(headers["Authorization"], out var parameters);
        if (!string.Equals(scheme, "Digest", StringComparison.OrdinalIgnoreCase))
        {
            return Challenge(stale: false);
        }

        var answer = DigestParameters.Parse(parameters);
        var nonce = answer.GetValueOrDefault("nonce") ?? string.Empty;
        var algorithm = answer.GetValueOrDefault("algorithm") ?? "MD5";
        var qop = answer.GetValueOrDefault("qop");
        var nc = answer.GetValueOrDefault("nc");
        var cnonce = answer.GetValueOrDefault("cnonce");
        var wellFormed = answer.GetValueOrDefault("username") == options.UserName
            && answer.GetValueOrDefault("realm") == options.Realm
            && answer.GetValueOrDefault("uri") == rawUrl
            && algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase)
            && (options.DigestQop ? qop == "auth" && nc is not null && cnonce is not null : qop is null);
        if (!wellFormed)
        {
            return Challenge(stale: false);
        }

        var expected = DigestChallenge.Response("MD5", options.UserName, options.Realm, options.Password, method, rawUrl, nonce, nc, cnonce, options.DigestQop);
        if (!CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(expected),
                System.Text.Encoding.ASCII.GetBytes(answer.GetValueOrDefault("response") ?? string.Empty)))
        {
            return Challenge(stale: false);
        }

        lock (gate)
        {
            // A correct answer on a nonce we no longer honour: the client knows the password, it only needs a new nonce.
            if (!nonces.TryGetValue(nonce, out var issued) || issued.Expired
                || options.TimeProvider.GetUtcNow() - issued.At > options.NonceLifetime)
            {
                return Challenge(stale: true);
            }

            if (options.DigestQop && !issued.Counts.Add(nc!))
            {
                return Challenge(stale: false); // replayed nonce count
            }

            AcceptedDigestAnswers++;
        }

        return SimulatedAuthOutcome.Allow;
    }

    private SimulatedAuthOutcome Challenge(bool stale)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        lock (gate)
        {
            if (nonces.Count >= MaxNonces)
            {
                nonces.Remove(nonces.MinBy(n => n.Value.At).Key);
            }

            nonces[nonce] = new IssuedNonce(options.TimeProvider.GetUtcNow());
            Challenges++;
            if (stale)
            {
                StaleChallenges++;
            }
        }

        var qop = options.DigestQop ? ", qop=\"auth\", algorithm=MD5" : string.Empty;
        var header = $"Digest realm=\"{options.Realm}\", nonce=\"{nonce}\"{qop}, stale={(stale ? "true" : "false")}";
        return new SimulatedAuthOutcome(false, 401, header, "Unauthorized");
    }

    private sealed class IssuedNonce(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;

        public bool Expired { get; set; }

        public HashSet<string> Counts { get; } = new(StringComparer.Ordinal);
    }
}
