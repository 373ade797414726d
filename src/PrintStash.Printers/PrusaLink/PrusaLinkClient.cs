using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace PrintStash.Printers.PrusaLink;

/// <summary>
/// The HTTP side of one PrusaLink printer: authenticated requests with a timeout each, answers read into a bounded
/// buffer, failures turned into <see cref="PrusaLinkException"/>s that say what went wrong in words.
/// </summary>
internal sealed class PrusaLinkClient : IDisposable
{
    private readonly HttpClient http;
    private readonly DigestAuthHandler digest;
    private readonly PrusaLinkEndpoint endpoint;
    private readonly PrusaLinkOptions options;
    private readonly TimeProvider timeProvider;

    public PrusaLinkClient(PrusaLinkEndpoint endpoint, PrusaLinkOptions options, TimeProvider timeProvider)
    {
        this.endpoint = endpoint;
        this.options = options;
        this.timeProvider = timeProvider;
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 4,
        };
        digest = new DigestAuthHandler(endpoint.DigestUserName, endpoint.Secret, sockets);
        http = new HttpClient(digest) { BaseAddress = endpoint.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (endpoint.UsesApiKey)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", endpoint.Secret);
        }
    }

    public Task<PrusaLinkVersion> GetVersionAsync(CancellationToken cancellationToken) =>
        GetJsonAsync<PrusaLinkVersion>("api/version", cancellationToken)!;

    public async Task<PrusaLinkInfo?> TryGetInfoAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await GetJsonAsync<PrusaLinkInfo>("api/v1/info", cancellationToken, allowMissing: true);
        }
        catch (PrusaLinkException e) when (e.Failure is PrusaLinkFailure.HttpError or PrusaLinkFailure.Malformed)
        {
            return null; // older firmware: identity from /api/version only
        }
    }

    public async Task<PrusaLinkStatusResponse> GetStatusAsync(CancellationToken cancellationToken)
    {
        var status = await GetJsonAsync<PrusaLinkStatusResponse>("api/v1/status", cancellationToken);
        return status?.Printer is null
            ? throw new PrusaLinkException("The printer's /api/v1/status has no printer section; is this a PrusaLink printer?", PrusaLinkFailure.Malformed)
            : status;
    }

    /// <summary>The current or last job; null when there is none (204).</summary>
    public Task<PrusaLinkJob?> GetJobAsync(CancellationToken cancellationToken) =>
        GetJsonAsync<PrusaLinkJob>("api/v1/job", cancellationToken, allowMissing: true);

    public Task<PrusaLinkStorageList?> GetStorageAsync(CancellationToken cancellationToken) =>
        GetJsonAsync<PrusaLinkStorageList>("api/v1/storage", cancellationToken, allowMissing: true);

    /// <summary>Downloads a thumbnail from a <c>refs</c> URL as given by the printer; null when it has none.</summary>
    public async Task<(byte[] Image, string ContentType)?> GetThumbnailAsync(string reference, CancellationToken cancellationToken)
    {
        // (On Unix "/thumb/..." also parses as an absolute file: URI, hence the scheme check.)
        if (Uri.TryCreate(reference, UriKind.Absolute, out var absolute)
            && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
            && absolute.Authority != endpoint.BaseUri.Authority)
        {
            return null; // never send the printer's credentials to another host
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, Relative(reference));
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("image/png, image/jpeg, image/*");
        return await SendAsync(request, reference, async (response, token) =>
        {
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.NoContent)
            {
                return ((byte[], string)?)null;
            }

            EnsureSuccess(response, reference);
            var contentType = response.Content.Headers.ContentType?.MediaType ?? "image/png";
            if (!contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var image = await ReadBoundedAsync(response.Content, options.MaxThumbnailBytes, reference, token);
            return (image, contentType);
        }, cancellationToken);
    }

    /// <summary>A control request (pause, resume, stop, start); returns the status code and the printer's error text.</summary>
    public Task<(HttpStatusCode Status, string? Error)> CommandAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post || method == HttpMethod.Put)
        {
            request.Content = new ByteArrayContent([]);
        }

        return SendDisposingAsync(request, path, cancellationToken);
    }

    /// <summary>HEAD on a file: null when it does not exist, else whether the printer is printing it right now.</summary>
    public async Task<(bool Exists, bool CurrentlyPrinted)> ProbeFileAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, path);
        return await SendAsync(request, path, (response, _) =>
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return Task.FromResult((false, false));
            }

            EnsureSuccess(response, path);
            var printed = response.Headers.TryGetValues("Currently-Printed", out var values)
                && values.Any(v => v.Trim() is "true" or "?1");
            return Task.FromResult((true, printed));
        }, cancellationToken);
    }

    /// <summary>
    /// Streams a file with PUT. No overall timeout (large files on slow Wi-Fi take minutes); instead the upload is
    /// abandoned when no byte went out and no answer came for <see cref="PrusaLinkOptions.UploadStallTimeout"/>.
    /// </summary>
    public async Task<(HttpStatusCode Status, string? Error, bool StaleNonce)> UploadAsync(
        string path, Stream content, long length, bool overwrite, bool printAfterUpload, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var stall = new UploadStallWatch(options.UploadStallTimeout, timeProvider, progress, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new UploadContent(content, length, stall) };
        if (overwrite)
        {
            request.Headers.Add("Overwrite", "?1");
        }

        // Sent only when wanted: old PrusaLink versions treat any value, even ?0, as "print".
        if (printAfterUpload)
        {
            request.Headers.Add("Print-After-Upload", "?1");
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token);
            var stale = response.StatusCode == HttpStatusCode.Unauthorized && DigestChallenge.FromResponse(response) is { Stale: true };
            var error = response.IsSuccessStatusCode ? null : await ReadErrorAsync(response, stall.Token);
            return (response.StatusCode, error, stale);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PrusaLinkException(
                $"The printer stopped taking the upload: nothing moved for {options.UploadStallTimeout.TotalSeconds:0.#} s.", PrusaLinkFailure.Timeout, e);
        }
        catch (Exception e) when (Translate(e, path, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<(HttpStatusCode, string?)> SendDisposingAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await SendAsync(request, what, async (response, token) =>
            {
                var error = response.IsSuccessStatusCode ? null : await ReadErrorAsync(response, token);
                return (response.StatusCode, error);
            }, cancellationToken);
        }
    }

    private async Task<T?> GetJsonAsync<T>(string path, CancellationToken cancellationToken, bool allowMissing = false)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, "/" + path, async (response, token) =>
        {
            if (allowMissing && response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound)
            {
                return null;
            }

            EnsureSuccess(response, "/" + path);
            var payload = await ReadBoundedAsync(response.Content, options.MaxResponseBytes, "/" + path, token);
            return PrusaLinkJson.Parse<T>(payload, "/" + path);
        }, cancellationToken);
    }

    /// <summary>Sends with a timeout covering connect, headers and reading the answer inside <paramref name="read"/>.</summary>
    private async Task<T> SendAsync<T>(HttpRequestMessage request, string what, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.RequestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return await read(response, linked.Token);
        }
        catch (Exception e) when (Translate(e, what, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    private PrusaLinkException? Translate(Exception e, string what, CancellationToken cancellationToken) => e switch
    {
        PrusaLinkException => null,
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        OperationCanceledException => new PrusaLinkException(
            $"The printer did not answer {what} within {options.RequestTimeout.TotalSeconds:0.#} s.", PrusaLinkFailure.Timeout, e),
        HttpRequestException { InnerException: SocketException socket } => new PrusaLinkException(
            $"Cannot reach the printer at {endpoint.BaseUri.Authority}: {socket.Message}.", PrusaLinkFailure.Unreachable, e),
        HttpRequestException or IOException => new PrusaLinkException(
            $"The connection to the printer broke during {what}: {e.Message}", PrusaLinkFailure.Unreachable, e),
        _ => null,
    };

    private void EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw AuthRejected(response);
        }

        if (response.StatusCode == HttpStatusCode.NotFound && what == "/api/v1/status")
        {
            throw new PrusaLinkException(
                "This PrusaLink is too old for PrintStash (it has no /api/v1/status); update the printer's firmware or PrusaLink.",
                PrusaLinkFailure.TooOld);
        }

        var reason = response.StatusCode == HttpStatusCode.ServiceUnavailable
            ? "the printer is busy or starting up (503)"
            : $"{(int)response.StatusCode} {response.ReasonPhrase}";
        throw new PrusaLinkException($"The printer answered {what} with {reason}.", PrusaLinkFailure.HttpError);
    }

    private PrusaLinkException AuthRejected(HttpResponseMessage response)
    {
        var challenge = DigestChallenge.FromResponse(response);
        if (response.StatusCode == HttpStatusCode.Forbidden || challenge is null)
        {
            return new PrusaLinkException(
                endpoint.UsesApiKey ? "API key rejected." : "Credentials rejected.", PrusaLinkFailure.AuthRejected, field: "Secret");
        }

        if (endpoint.UsesApiKey)
        {
            return new PrusaLinkException(
                "API key rejected: this printer asks for a user name and password. Enter the user name 'maker' and the password shown on the printer (Settings → Network → PrusaLink).",
                PrusaLinkFailure.AuthRejected,
                field: "Secret");
        }

        return new PrusaLinkException("Password rejected (or the user name is wrong).", PrusaLinkFailure.AuthRejected, field: "Secret");
    }

    /// <summary>The realm of the printer's Digest challenge, once one was seen.</summary>
    public string? DigestRealm => digest.LastRealm;

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, int limit, string what, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            throw TooLarge(what, limit);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(what, limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static PrusaLinkException TooLarge(string what, int limit) =>
        new($"The printer's answer to {what} is larger than {limit / 1024} KiB; refusing to read it.", PrusaLinkFailure.TooLarge);

    /// <summary>The printer's error in words: <c>title: text</c> of a JSON error, or a short plain-text body.</summary>
    private static async Task<string?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await ReadBoundedAsync(response.Content, 16 * 1024, "error", cancellationToken);
            if (body.Length == 0)
            {
                return null;
            }

            if (response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                var error = PrusaLinkJson.Parse<PrusaLinkError>(body, "error");
                var text = string.Join(": ", new[] { error.Title, error.Text }.Where(t => !string.IsNullOrWhiteSpace(t)));
                return text.Length > 0 ? text : null;
            }

            var plain = Encoding.UTF8.GetString(body).Trim();
            return plain.Length is > 0 and <= 300 ? plain : null;
        }
        catch (PrusaLinkException)
        {
            return null;
        }
    }

    private static string Relative(string reference) => reference.StartsWith('/') ? reference[1..] : reference;
}
