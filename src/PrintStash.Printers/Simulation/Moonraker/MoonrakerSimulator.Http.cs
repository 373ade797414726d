using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Simulation.Moonraker;

public sealed partial class MoonrakerSimulator
{
    private static readonly Dictionary<(string Verb, string Path), string> Routes = new()
    {
        [("GET", "/server/info")] = "server.info",
        [("GET", "/printer/info")] = "printer.info",
        [("GET", "/printer/objects/list")] = "printer.objects.list",
        [("POST", "/printer/print/start")] = "printer.print.start",
        [("POST", "/printer/print/pause")] = "printer.print.pause",
        [("POST", "/printer/print/resume")] = "printer.print.resume",
        [("POST", "/printer/print/cancel")] = "printer.print.cancel",
        [("POST", "/printer/restart")] = "printer.restart",
        [("POST", "/printer/firmware_restart")] = "printer.firmware_restart",
        [("GET", "/server/history/list")] = "server.history.list",
        [("GET", "/server/history/job")] = "server.history.get_job",
        [("GET", "/server/files/list")] = "server.files.list",
        [("GET", "/server/files/metadata")] = "server.files.metadata",
        [("GET", "/access/oneshot_token")] = "access.oneshot_token",
    };

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && listener is { IsListening: true } http)
        {
            HttpListenerContext context;
            try
            {
                context = await http.GetContextAsync().WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            var handling = Task.Run(() => HandleHttpAsync(context, cancellationToken), CancellationToken.None);
            lock (gate)
            {
                background.RemoveAll(t => t.IsCompleted);
                background.Add(handling);
            }
        }
    }

    private async Task HandleHttpAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var path = request.Url?.AbsolutePath ?? "/";
            if (path == "/access/info")
            {
                await WriteResultAsync(response, new JsonObject
                {
                    ["default_source"] = "moonraker",
                    ["available_sources"] = new JsonArray("moonraker"),
                    ["login_required"] = false,
                    ["trusted"] = options.ApiKey is null,
                });
                return;
            }

            if (path == "/websocket" && options.WebSocketHeaderAuthStripped)
            {
                if (options.ApiKey is not null && !RedeemOneshotToken(request.QueryString["token"]))
                {
                    throw new SimulatorException(401, "Unauthorized");
                }

                await AcceptWebSocketAsync(context, authorized: true, cancellationToken);
                return;
            }

            var authorized = IsAuthorized(request);
            if (path == "/websocket")
            {
                await AcceptWebSocketAsync(context, authorized, cancellationToken);
                return;
            }

            if (!authorized)
            {
                throw new SimulatorException(401, "Unauthorized");
            }

            var user = options.ApiKey is null ? "_TRUSTED_USER_" : "_API_KEY_USER_";
            if (request.HttpMethod == "GET" && path.StartsWith("/server/files/gcodes/", StringComparison.Ordinal))
            {
                await DownloadAsync(response, Uri.UnescapeDataString(path["/server/files/gcodes/".Length..]));
                return;
            }

            if (request.HttpMethod == "POST" && path == "/server/files/upload")
            {
                await UploadAsync(request, response, user, cancellationToken);
                return;
            }

            JsonNode result;
            List<(SimulatorClient, JsonNode)> outgoing;
            lock (gate)
            {
                result = path == "/printer/objects/query" && request.HttpMethod == "GET"
                    ? Invoke("printer.objects.query", QueryObjects(request), user)
                    : Routes.TryGetValue((request.HttpMethod, path), out var method)
                        ? Invoke(method, QueryParameters(request), user)
                        : throw new SimulatorException(404, "Not Found");
                outgoing = DrainOutbox();
            }

            await WriteResultAsync(response, result);
            Deliver(outgoing);
        }
        catch (SimulatorException e)
        {
            await WriteErrorAsync(response, e.Code, e.Message);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away.
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            await WriteErrorAsync(response, 500, e.Message);
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Already closed (WebSocket) or the client is gone.
            }
        }
    }

    private bool IsAuthorized(HttpListenerRequest request) =>
        options.ApiKey is null
        || (request.Headers["X-Api-Key"] is { } key && FixedEquals(key, options.ApiKey))
        || RedeemOneshotToken(request.QueryString["token"]);

    private async Task AcceptWebSocketAsync(HttpListenerContext context, bool authorized, CancellationToken cancellationToken)
    {
        if (!context.Request.IsWebSocketRequest)
        {
            throw new SimulatorException(400, "Not a WebSocket request");
        }

        var socket = (await context.AcceptWebSocketAsync(null, 16 * 1024, TimeSpan.FromSeconds(30))).WebSocket;
        Interlocked.Increment(ref acceptedSockets);
        SimulatorClient client;
        lock (gate)
        {
            client = new SimulatorClient(socket, () => AbortQuietly(context), nextConnectionId++, needsAuth: !authorized, options.ApiKey is null ? "_TRUSTED_USER_" : "_API_KEY_USER_");
            clients.Add(client);
        }

        try
        {
            await client.RunAsync(HandleSocketRequest, cancellationToken);
        }
        finally
        {
            lock (gate)
            {
                clients.Remove(client);
            }
        }
    }

    private static void AbortQuietly(HttpListenerContext context)
    {
        try
        {
            context.Response.Abort();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task DownloadAsync(HttpListenerResponse response, string path)
    {
        byte[]? content;
        string type;
        lock (gate)
        {
            var thumbnail = klipper.Files.SelectMany(f => f.Thumbnails.Select(t => (File: f, Thumb: t)))
                .FirstOrDefault(x => (x.File.Path.Contains('/', StringComparison.Ordinal) ? x.File.Path[..(x.File.Path.LastIndexOf('/') + 1)] : string.Empty) + x.Thumb.RelativePath == path);
            (content, type) = thumbnail.File is not null
                ? (thumbnail.Thumb.Png, "image/png")
                : (klipper.File(path)?.Content, "application/octet-stream");
        }

        if (content is null)
        {
            throw new SimulatorException(404, $"File {path} does not exist");
        }

        response.StatusCode = 200;
        response.ContentType = type;
        response.ContentLength64 = content.Length;
        await response.OutputStream.WriteAsync(content);
    }

    private async Task UploadAsync(HttpListenerRequest request, HttpListenerResponse response, string user, CancellationToken cancellationToken)
    {
        var boundary = request.ContentType?.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))?["boundary=".Length..].Trim('"');
        if (boundary is null)
        {
            throw new SimulatorException(400, "Invalid multipart request");
        }

        using var body = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await request.InputStream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > options.MaxUploadBytes)
            {
                throw new SimulatorException(413, "Upload exceeds max_upload_size");
            }

            body.Write(buffer, 0, read);
        }

        var parts = Multipart.Parse(body.ToArray(), boundary);
        var file = parts.FirstOrDefault(p => p.Name == "file");
        if (file is null)
        {
            throw new SimulatorException(400, "No file in upload");
        }

        if (string.IsNullOrEmpty(file.FileName))
        {
            throw new SimulatorException(400, "Multipart filename omitted");
        }

        string Field(string name) => parts.FirstOrDefault(p => p.Name == name) is { } part ? Encoding.UTF8.GetString(part.Content).Trim() : string.Empty;
        var folder = Field("path").Trim('/');
        var relative = (folder.Length > 0 ? folder + "/" : string.Empty) + file.FileName.Replace('\\', '/').Trim('/');
        if (relative.Split('/').Any(s => s is ".." or "." or ""))
        {
            throw new SimulatorException(400, "Invalid path");
        }

        var checksum = Field("checksum");
        if (checksum.Length > 0 && !checksum.Equals(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(file.Content)), StringComparison.OrdinalIgnoreCase))
        {
            throw new SimulatorException(422, "File checksum mismatch");
        }

        JsonObject result;
        List<(SimulatorClient, JsonNode)> outgoing;
        lock (gate)
        {
            if (klipper.IsBusy && klipper.File(relative) is not null && klipper.History.LastOrDefault()?.FileName == relative)
            {
                throw new SimulatorException(403, "File currently in use");
            }

            var added = klipper.AddFile(relative, file.Content);
            var started = false;
            if (Field("print") == "true" && klipper.IsReady && !klipper.IsBusy)
            {
                klipper.StartPrint(relative, user);
                started = true;
            }

            result = new JsonObject
            {
                ["item"] = new JsonObject { ["path"] = relative, ["root"] = "gcodes", ["modified"] = added.Modified, ["size"] = file.Content.Length, ["permissions"] = "rw" },
                ["print_started"] = started,
                ["print_queued"] = false,
                ["action"] = "create_file",
            };
            outgoing = DrainOutbox();
        }

        // Moonraker v0.10 answers the upload without the usual "result" wrapper.
        response.StatusCode = 201;
        response.Headers["Location"] = $"{Address}/server/files/gcodes/{Uri.EscapeDataString(relative)}";
        await WriteJsonAsync(response, result);
        Deliver(outgoing);
    }

    private static JsonObject QueryParameters(HttpListenerRequest request)
    {
        var parameters = new JsonObject();
        foreach (var key in request.QueryString.AllKeys.OfType<string>())
        {
            var value = request.QueryString[key] ?? string.Empty;
            var (name, hint) = key.Split(':', 2) is [var n, var h] ? (n, h) : (key, string.Empty);
            parameters[name] = hint switch
            {
                "int" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
                "float" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) => f,
                "bool" => value.Equals("true", StringComparison.OrdinalIgnoreCase),
                "json" => JsonNode.Parse(value),
                _ => value,
            };
        }

        return parameters;
    }

    /// <summary>GET /printer/objects/query?print_stats&amp;extruder=temperature,target.</summary>
    private static JsonObject QueryObjects(HttpListenerRequest request)
    {
        var objects = new JsonObject();
        var query = request.Url?.Query.TrimStart('?') ?? string.Empty;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(parts[0].Replace('+', ' '));
            objects[name] = parts.Length == 2 && parts[1].Length > 0
                ? new JsonArray(Uri.UnescapeDataString(parts[1]).Split(',').Select(f => (JsonNode)f).ToArray())
                : null;
        }

        return new JsonObject { ["objects"] = objects };
    }

    private static Task WriteResultAsync(HttpListenerResponse response, JsonNode result) =>
        WriteJsonAsync(response, new JsonObject { ["result"] = result.Parent is null ? result : result.DeepClone() });

    private static async Task WriteErrorAsync(HttpListenerResponse response, int code, string message)
    {
        try
        {
            response.StatusCode = code;
            await WriteJsonAsync(response, new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["traceback"] = "Traceback (most recent call last):\n  (simulated)\n" },
            });
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client is gone.
        }
    }

    private static async Task WriteJsonAsync(HttpListenerResponse response, JsonNode body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        response.ContentType = "application/json; charset=UTF-8";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }
}
