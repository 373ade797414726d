using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Moonraker;

/// <summary>
/// Moonraker's HTTP side (uploads, downloads, oneshot tokens, the test form). Sends the API key as X-Api-Key, honours the
/// certificate pin, caps every answer at <see cref="MoonrakerOptions.MaxMessageBytes"/> and turns 401 into
/// <see cref="PrinterAuthenticationException"/>.
/// </summary>
internal sealed class MoonrakerHttp : IDisposable
{
    private readonly HttpClient client;
    private readonly MoonrakerOptions options;

    public MoonrakerHttp(MoonrakerEndpoint endpoint, string? apiKey, CertificatePin pin, MoonrakerOptions options)
    {
        Endpoint = endpoint;
        this.options = options;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = pin.Validate },
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue(options.ClientName, options.ClientVersion));
        if (!string.IsNullOrEmpty(apiKey))
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
    }

    public MoonrakerEndpoint Endpoint { get; }

    /// <summary>GET a JSON endpoint and return its <c>result</c> (or the body itself when Moonraker did not wrap it).</summary>
    public async Task<JsonElement> GetResultAsync(string relative, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var response = await client.GetAsync(Endpoint.Http(relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return await ReadResultAsync(response, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MoonrakerProtocolException($"Moonraker did not answer /{relative} within {options.RequestTimeout.TotalSeconds:0} s.");
        }
    }

    public async Task<string> GetOneshotTokenAsync(CancellationToken cancellationToken)
    {
        var result = await GetResultAsync("access/oneshot_token", cancellationToken);
        return result.ValueKind == JsonValueKind.String && result.GetString() is { Length: > 0 } token
            ? token
            : throw new MoonrakerProtocolException("Moonraker returned no oneshot token.");
    }

    /// <summary>A file under the gcodes root (thumbnails); null when it does not exist or is larger than allowed.</summary>
    public async Task<(byte[] Bytes, string ContentType)?> DownloadGcodeFileAsync(string relativePath, int maxBytes, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        using var response = await client.GetAsync(Endpoint.GcodeFile(relativePath), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        ThrowIfUnauthorized(response);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        var bytes = await ReadBoundedAsync(response.Content, maxBytes, timeout.Token);
        if (bytes is null)
        {
            return null;
        }

        var contentType = response.Content.Headers.ContentType?.MediaType is { } type && type.StartsWith("image/", StringComparison.Ordinal)
            ? type
            : Path.GetExtension(relativePath).ToLowerInvariant() switch
            {
                ".jpg" or ".jpeg" => "image/jpeg",
                _ => "image/png",
            };
        return (bytes, contentType);
    }

    /// <summary>Multipart upload to /server/files/upload; the content is streamed, never buffered whole.</summary>
    public async Task<PrinterCommandResult> UploadAsync(Stream content, string fileName, long length, bool print, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(new ProgressStream(content, progress));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (length >= 0)
        {
            file.Headers.ContentLength = length;
        }

        form.Add(new StringContent("gcodes"), "root");
        form.Add(new StringContent(print ? "true" : "false"), "print");
        form.Add(file, "file", fileName);
        using var response = await client.PostAsync(Endpoint.Http("server/files/upload"), form, cancellationToken);
        ThrowIfUnauthorized(response);
        var body = await ReadBoundedAsync(response.Content, options.MaxMessageBytes, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = ErrorMessage(body, response.StatusCode);
            return PrinterCommandResult.Refused(error.Contains("File currently in use", StringComparison.OrdinalIgnoreCase)
                ? $"The printer is busy printing {fileName}; a file of that name cannot be replaced while it prints (Moonraker: {error})."
                : error);
        }

        if (!print || body is null)
        {
            return PrinterCommandResult.Ok;
        }

        // The upload answer is not always wrapped in "result" (seen on Moonraker v0.10).
        var root = JsonDocument.Parse(body).RootElement;
        var result = root.Property("result") ?? root;
        if (result.Bool("print_started") == true || result.Bool("print_queued") == true)
        {
            return PrinterCommandResult.Ok;
        }

        return PrinterCommandResult.Refused("The file was uploaded, but the printer did not start it.");
    }

    private async Task<JsonElement> ReadResultAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ThrowIfUnauthorized(response);
        var body = await ReadBoundedAsync(response.Content, options.MaxMessageBytes, cancellationToken)
            ?? throw new MoonrakerProtocolException($"Moonraker's answer is larger than {options.MaxMessageBytes / 1024 / 1024} MiB.");
        if (!response.IsSuccessStatusCode)
        {
            throw new MoonrakerRequestException((int)response.StatusCode, ErrorMessage(body, response.StatusCode));
        }

        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            return root.Property("result") ?? root;
        }
        catch (JsonException e)
        {
            throw new MoonrakerProtocolException("This does not look like Moonraker: the answer is not JSON.", e);
        }
    }

    private static void ThrowIfUnauthorized(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new PrinterAuthenticationException("API key rejected");
        }
    }

    /// <summary>Moonraker's error body is {"error": {"code", "message", "traceback"}}; the message is what users need.</summary>
    private static string ErrorMessage(byte[]? body, HttpStatusCode status)
    {
        if (body is not null)
        {
            try
            {
                var root = JsonDocument.Parse(body).RootElement;
                if (root.Property("error") is { } error)
                {
                    if (error.String("message") is { Length: > 0 } message)
                    {
                        return message;
                    }

                    if (error.ValueKind == JsonValueKind.String && error.GetString() is { Length: > 0 } text)
                    {
                        return text;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's error page): fall through to the status code.
            }
        }

        return $"Moonraker answered HTTP {(int)status} {status}.";
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public void Dispose() => client.Dispose();

    /// <summary>Reports bytes read so far to the caller's progress (upload progress bar).</summary>
    private sealed class ProgressStream(Stream inner, IProgress<long>? progress) : Stream
    {
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Counted(int read)
        {
            if (read > 0)
            {
                position += read;
                progress?.Report(position);
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
