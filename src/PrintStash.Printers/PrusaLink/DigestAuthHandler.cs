using System.Net;

namespace PrintStash.Printers.PrusaLink;

/// <summary>
/// HTTP Digest client side (RFC 7616 as PrusaLink speaks it: MD5, qop=auth or none). Answers the first challenge,
/// then reuses the nonce with an increasing nonce count so later requests need no extra round trip; on a
/// <c>stale=true</c> challenge it answers again with the new nonce. A non-stale challenge after an answer means the
/// credentials are wrong: the 401 is handed back to the caller. Requests whose body cannot be sent twice
/// (a non-seekable upload) are not retried; callers refresh the nonce with a cheap request first.
/// </summary>
internal sealed class DigestAuthHandler(string userName, string password, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly Lock gate = new();
    private DigestChallenge? current;
    private int nonceCount;

    /// <summary>The realm of the last challenge seen ("Printer API" on Buddy firmware, "Administrator" on the Pi).</summary>
    public string? LastRealm { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var answered = Authorize(request, challenge: null);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var challenge = DigestChallenge.FromResponse(response);
        if (challenge is null)
        {
            return response;
        }

        lock (gate)
        {
            LastRealm = challenge.Realm;
            if (current is null || current.Nonce != challenge.Nonce)
            {
                current = challenge;
                nonceCount = 0;
            }
        }

        // Same nonce, not stale: the printer checked our answer and refused it. Otherwise (first challenge, expired
        // nonce, printer restarted and forgot it) answer once more with the new nonce.
        var refused = answered is not null && answered.Nonce == challenge.Nonce && !challenge.Stale;
        var retry = !refused && CanResend(request.Content);
        if (!retry)
        {
            return response;
        }

        response.Dispose();
        Authorize(request, challenge);
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>Adds the Authorization header from <paramref name="challenge"/> or the cached one; returns the one used.</summary>
    private DigestChallenge? Authorize(HttpRequestMessage request, DigestChallenge? challenge)
    {
        int count;
        lock (gate)
        {
            challenge ??= current;
            if (challenge is null)
            {
                return null;
            }

            count = ++nonceCount;
        }

        var uri = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.PathAndQuery : request.RequestUri.OriginalString;
        var value = challenge.Authorization(userName, password, request.Method, uri, count, DigestChallenge.NewClientNonce());
        request.Headers.Authorization = null;
        request.Headers.TryAddWithoutValidation("Authorization", value);
        return challenge;
    }

    private static bool CanResend(HttpContent? content) => content switch
    {
        null => true,
        ByteArrayContent => true,
        UploadContent upload => upload.CanResend,
        _ => false,
    };
}
