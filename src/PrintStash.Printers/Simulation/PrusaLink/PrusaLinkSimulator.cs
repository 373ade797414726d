using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Simulation.PrusaLink;

/// <summary>One request as the simulator saw it (for tests: which headers did the driver send?).</summary>
public sealed record SimulatedPrusaRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A PrusaLink printer on loopback that follows the documented v1 API (Prusa-Link-Web spec/openapi.yaml):
/// /api/version, /api/v1/{info,status,job,storage,transfer,files}, job control, PUT uploads with Overwrite and
/// Print-After-Upload, thumbnails, HTTP Digest and X-Api-Key. Runs on <see cref="HttpListener"/> so --demo can use it
/// without ASP.NET. Tests steer it through the hooks below.
/// </summary>
public sealed class PrusaLinkSimulator : IAsyncDisposable
{
    /// <summary>What the demo printer prints first (PrusaSlicer's name carries the print time: six minutes).</summary>
    public const string DemoFile = "calibration_cube_0.2mm_PLA_MK4_6m.bgcode";

    private const int MaxLoggedRequests = 1000;
    private readonly HttpListener listener;
    private readonly PrusaLinkSimulatorOptions options;
    private readonly SimulatedPrusaPrinter printer;
    private readonly SimulatedPrusaAuth auth;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Task, byte> inFlight = new();
    private readonly ConcurrentQueue<SimulatedPrusaRequest> requests = new();
    private Task acceptLoop = Task.CompletedTask;

    private PrusaLinkSimulator(HttpListener listener, Uri address, PrusaLinkSimulatorOptions options)
    {
        this.listener = listener;
        this.options = options;
        Address = address;
        printer = new SimulatedPrusaPrinter(options);
        auth = new SimulatedPrusaAuth(options);
    }

    /// <summary>Base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; }

    public PrusaLinkSimulatorOptions Options => options;

    /// <summary>Runs before authentication; return true when it answered (fault injection: bad JSON, hangs, drops).</summary>
    public Func<HttpListenerContext, CancellationToken, Task<bool>>? Intercept { get; set; }

    public IReadOnlyList<SimulatedPrusaRequest> Requests => [.. requests];

    public string State => printer.State;

    public long? CurrentJobId => printer.CurrentJobId;

    public IReadOnlyList<SimulatedPrusaFile> Files => printer.Files;

    public int DigestChallenges => auth.Challenges;

    public int StaleDigestChallenges => auth.StaleChallenges;

    public int AcceptedDigestAnswers => auth.AcceptedDigestAnswers;

    public static async Task<PrusaLinkSimulator> StartAsync(PrusaLinkSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PrusaLinkSimulatorOptions();
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var port = FreeLoopbackPort();
            var listener = new HttpListener { IgnoreWriteExceptions = true };
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
                await Task.Yield();
                continue; // the port was taken between probing and binding
            }

            var simulator = new PrusaLinkSimulator(listener, new Uri($"http://127.0.0.1:{port}/"), options);
            simulator.acceptLoop = Task.Run(simulator.AcceptLoopAsync, CancellationToken.None);
            return simulator;
        }
    }

    /// <summary>
    /// For --demo: a simulated MK4 that is already printing a six-minute calibration cube (so a fresh dashboard moves)
    /// and starts the next stored file a minute after each print ends. Add it as a PrusaLink printer at
    /// <see cref="Address"/> with user <c>maker</c> and <see cref="PrusaLinkSimulatorOptions.Password"/>.
    /// </summary>
    public static async Task<PrusaLinkSimulator> StartDemoAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var simulator = await StartAsync(
            new PrusaLinkSimulatorOptions { RestartAfter = TimeSpan.FromMinutes(1), TimeProvider = timeProvider ?? TimeProvider.System },
            cancellationToken);
        simulator.AddFile(DemoFile, 1_204_733);
        simulator.StartPrint(DemoFile);
        return simulator;
    }

    /// <summary>Starts a stored file as if chosen on the printer's screen; false when busy or missing.</summary>
    public bool StartPrint(string path) => printer.StartPrint(path).Status == 204;

    /// <summary>Puts a file on the USB stick (for "start a stored file").</summary>
    public void AddFile(string path, long size) => printer.AddFile(path, size);

    /// <summary>Forces ATTENTION, ERROR or BUSY (null clears it). ATTENTION holds a running print; ERROR ends it.</summary>
    public void SetPrinterState(string? state) => printer.SetOverrideState(state);

    /// <summary>The user confirms FINISHED/STOPPED/ERROR on the printer: back to IDLE, the job disappears.</summary>
    public void Acknowledge() => printer.Acknowledge();

    /// <summary>The printer is switched off and on: the running job is gone without an outcome.</summary>
    public void PowerCycle() => printer.PowerCycle();

    /// <summary>Every nonce handed out so far becomes stale (like the printer's nonce timeout).</summary>
    public void ExpireNonces() => auth.ExpireNonces();

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        listener.Close();
        await acceptLoop;
        await Task.WhenAll(inFlight.Keys);
        stopping.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var task = Task.Run(() => HandleAsync(context), CancellationToken.None);
            inFlight.TryAdd(task, 0);
            _ = task.ContinueWith(t => inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            Log(context.Request);
            if (Intercept is { } intercept && await intercept(context, stopping.Token))
            {
                return;
            }

            var outcome = auth.Check(context.Request.HttpMethod, context.Request.RawUrl ?? "/", context.Request.Headers);
            if (!outcome.Allowed)
            {
                await DrainAsync(context.Request);
                if (outcome.Challenge is not null)
                {
                    context.Response.AddHeader("WWW-Authenticate", outcome.Challenge);
                }

                await WriteTextAsync(context, outcome.StatusCode, outcome.Text ?? "Unauthorized");
                return;
            }

            await RouteAsync(context);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The client went away or the simulator is stopping (the listener then refuses writes to its responses).
        }
        finally
        {
            try
            {
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // Already closed or aborted.
            }
        }
    }

    private Task RouteAsync(HttpListenerContext context)
    {
        var method = context.Request.HttpMethod;
        var segments = Segments(context.Request.RawUrl ?? "/");
        var route = string.Join('/', segments.Take(3));
        return (method, route, segments.Count) switch
        {
            ("GET", "api/version", 2) => WriteJsonAsync(context, 200, Version()),
            ("GET", "api/v1/info", 3) => WriteJsonAsync(context, 200, Info()),
            ("GET", "api/v1/status", 3) => WriteJsonAsync(context, 200, printer.StatusJson()),
            ("GET", "api/v1/job", 3) => printer.JobJson() is { } job ? WriteJsonAsync(context, 200, job) : WriteEmptyAsync(context, 204),
            ("GET", "api/v1/transfer", 3) => WriteEmptyAsync(context, 204),
            ("GET", "api/v1/storage", 3) => WriteJsonAsync(context, 200, Storage()),
            ("PUT", "api/v1/job", 5) => JobControlAsync(context, segments[3], segments[4]),
            ("DELETE", "api/v1/job", 4) => JobControlAsync(context, segments[3], "stop"),
            (_, "api/v1/files", >= 4) when segments[3] == "usb" => FilesAsync(context, method, string.Join('/', segments.Skip(4))),
            ("GET", _, >= 4) when segments[0] == "thumb" && segments[2] == "usb" => ThumbnailAsync(context, segments[1], string.Join('/', segments.Skip(3))),
            _ => WriteErrorAsync(context, 404, "Not Found", $"No such endpoint: {method} /{string.Join('/', segments)}"),
        };
    }

    private Task JobControlAsync(HttpListenerContext context, string idText, string action)
    {
        if (!long.TryParse(idText, out var id) || action is not ("pause" or "resume" or "stop" or "continue"))
        {
            return WriteErrorAsync(context, 404, "Not Found", "Unknown job or action");
        }

        var (status, error) = action == "continue" ? (409, "No timelapse capture is waiting") : printer.Control(id, action);
        return status == 204 ? WriteEmptyAsync(context, 204) : WriteErrorAsync(context, status, status == 404 ? "Not Found" : "Conflict", error!);
    }

    private async Task FilesAsync(HttpListenerContext context, string method, string path)
    {
        var file = path.Length == 0 ? null : printer.FindFile(path);
        switch (method)
        {
            case "HEAD":
                if (file is null)
                {
                    await WriteEmptyAsync(context, 404);
                    return;
                }

                context.Response.AddHeader("Read-Only", "false");
                context.Response.AddHeader("Currently-Printed", printer.IsPrinting(path) ? "true" : "false");
                await WriteEmptyAsync(context, 200);
                return;
            case "GET" when path.Length == 0:
                var children = new JsonArray([.. printer.Files.Select(f => (JsonNode)printer.FileJson(f))]);
                await WriteJsonAsync(context, 200, new JsonObject { ["name"] = "usb", ["type"] = "FOLDER", ["ro"] = false, ["children"] = children });
                return;
            case "GET":
                await (file is null ? WriteErrorAsync(context, 404, "Not Found", "File not found") : WriteJsonAsync(context, 200, printer.FileJson(file)));
                return;
            case "POST":
                var (status, error) = printer.StartPrint(path);
                await (status == 204 ? WriteEmptyAsync(context, 204) : WriteErrorAsync(context, status, status == 404 ? "Not Found" : "Conflict", error!));
                return;
            case "DELETE":
                if (file is null)
                {
                    await WriteErrorAsync(context, 404, "Not Found", "File not found");
                }
                else if (printer.IsPrinting(path))
                {
                    await WriteErrorAsync(context, 409, "Conflict", "File is being printed");
                }
                else
                {
                    printer.DeleteFile(path);
                    await WriteEmptyAsync(context, 204);
                }

                return;
            case "PUT":
                await UploadAsync(context, path, file);
                return;
            default:
                await WriteErrorAsync(context, 405, "Method Not Allowed", $"{method} is not allowed here");
                return;
        }
    }

    private async Task UploadAsync(HttpListenerContext context, string path, SimulatedPrusaFile? existing)
    {
        var request = context.Request;
        var printAfter = IsTrue(request.Headers["Print-After-Upload"]);
        var overwrite = IsTrue(request.Headers["Overwrite"]);
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        (int Status, string Title, string Text)? refusal =
            request.ContentLength64 <= 0 ? (411, "Length Required", "Content-Length is required")
            : mediaType is not ("application/octet-stream" or "text/x.gcode") ? (415, "Unsupported Media Type", "Send the raw file as application/octet-stream")
            : !(path.EndsWith(".gcode", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".bgcode", StringComparison.OrdinalIgnoreCase)) ? (415, "Unsupported Media Type", "Only .gcode and .bgcode files can be printed")
            : path.Split('/').Any(s => s is "" or "." or "..") ? (400, "Bad Request", "Invalid path")
            : request.ContentLength64 > options.MaxUploadBytes ? (413, "Payload Too Large", "Not enough space on the USB drive")
            : existing is not null && printer.IsPrinting(path) ? (409, "Conflict", "File is currently being printed")
            : existing is not null && !overwrite ? (409, "Conflict", "File already exists")
            : printAfter && printer.IsBusyNow() ? (409, "Conflict", "Printer is busy")
            : null;
        if (refusal is { } r)
        {
            await DrainAsync(request);
            await WriteErrorAsync(context, r.Status, r.Title, r.Text);
            return;
        }

        printer.BeginTransfer(path, request.ContentLength64);
        SimulatedPrusaFile? stored = null;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            long received = 0;
            int read;
            while ((read = await request.InputStream.ReadAsync(buffer, stopping.Token)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                received += read;
                printer.TransferProgress(received);
            }

            if (received == request.ContentLength64)
            {
                stored = new SimulatedPrusaFile(path, received, options.TimeProvider.GetUtcNow(), Convert.ToHexStringLower(hash.GetHashAndReset()));
            }
        }
        finally
        {
            var (status, error) = printer.EndTransfer(stored, printAfter);
            if (stored is not null)
            {
                await (status == 201 ? WriteEmptyAsync(context, 201) : WriteErrorAsync(context, status, "Conflict", error!));
            }
        }
    }

    private async Task ThumbnailAsync(HttpListenerContext context, string size, string path)
    {
        if (printer.FindFile(path) is null || size is not ("s" or "l"))
        {
            await WriteErrorAsync(context, 404, "Not Found", "No thumbnail");
            return;
        }

        var (width, height) = size == "s" ? (16, 12) : (313, 173);
        var png = SimulatorPng.Thumbnail(path, width, height);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "image/png";
        context.Response.ContentLength64 = png.Length;
        await context.Response.OutputStream.WriteAsync(png, stopping.Token);
    }

    private JsonObject Version() => new()
    {
        ["api"] = "2.0.0",
        ["server"] = "2.1.2",
        ["nozzle_diameter"] = 0.4,
        ["text"] = "PrusaLink",
        ["hostname"] = options.Hostname,
        ["firmware"] = "6.1.3+8122",
        ["printer"] = options.PrinterModel,
        ["capabilities"] = new JsonObject { ["upload-by-put"] = true },
    };

    private JsonObject Info() => new()
    {
        ["name"] = options.Hostname,
        ["location"] = "Simulated",
        ["farm_mode"] = false,
        ["nozzle_diameter"] = 0.4,
        ["min_extrusion_temp"] = 170,
        ["serial"] = options.SerialNumber,
        ["sd_ready"] = false,
        ["active_camera"] = false,
        ["hostname"] = options.Hostname,
        ["mmu"] = false,
    };

    private JsonObject Storage() => new()
    {
        ["storage_list"] = new JsonArray(new JsonObject
        {
            ["name"] = "USB",
            ["type"] = "USB",
            ["path"] = "/usb",
            ["print_files"] = printer.Files.Sum(f => f.Size),
            ["free_space"] = 7_000_000_000L,
            ["total_space"] = 8_589_934_592L,
            ["available"] = true,
            ["read_only"] = false,
        }),
    };

    private void Log(HttpListenerRequest request)
    {
        var headers = request.Headers.AllKeys
            .Where(k => k is not null)
            .ToDictionary(k => k!, k => request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        requests.Enqueue(new SimulatedPrusaRequest(request.HttpMethod, request.RawUrl ?? "/", headers));
        while (requests.Count > MaxLoggedRequests && requests.TryDequeue(out _))
        {
        }
    }

    private static List<string> Segments(string rawUrl)
    {
        var path = rawUrl.Split('?', 2)[0];
        return [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString)];
    }

    private static bool IsTrue(string? structuredBoolean) => structuredBoolean?.Trim() is "?1";

    /// <summary>Reads (at most 64 MiB of) a request body we refuse, so the client sees our answer instead of a reset.</summary>
    private async Task DrainAsync(HttpListenerRequest request)
    {
        if (!request.HasEntityBody)
        {
            return;
        }

        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while (total < 64L * 1024 * 1024 && (read = await request.InputStream.ReadAsync(buffer, stopping.Token)) > 0)
        {
            total += read;
        }
    }

    private async Task WriteJsonAsync(HttpListenerContext context, int status, JsonNode body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes, stopping.Token);
    }

    private Task WriteErrorAsync(HttpListenerContext context, int status, string title, string text)
    {
        var accept = context.Request.Headers["Accept"] ?? string.Empty;
        return accept.Contains("application/json", StringComparison.OrdinalIgnoreCase)
            ? WriteJsonAsync(context, status, new JsonObject { ["code"] = $"{status}00", ["title"] = title, ["text"] = text, ["url"] = "https://help.prusa3d.com/" })
            : WriteTextAsync(context, status, text);
    }

    private async Task WriteTextAsync(HttpListenerContext context, int status, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes, stopping.Token);
    }

    private static Task WriteEmptyAsync(HttpListenerContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength64 = 0;
        return Task.CompletedTask;
    }
}
