using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Tests.Moonraker;

/// <summary>
/// A tiny loopback WebSocket server for replaying recorded sessions and for misbehaving on purpose. Each accepted socket
/// runs <see cref="OnSocket"/>; the default answers requests from <see cref="Answers"/> (method → result) and records them.
/// </summary>
internal sealed class ScriptedMoonrakerServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> running = [];
    private Task? accept;

    public ScriptedMoonrakerServer()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            listener.Prefixes.Clear();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
            }
        }
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>Method → result factory (params → result). Unknown methods get -32601.</summary>
    public ConcurrentDictionary<string, Func<JsonElement, JsonNode?>> Answers { get; } = new();

    /// <summary>Methods received, in order.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Return this from an answer factory to leave the request unanswered.</summary>
    public static readonly JsonNode NoAnswer = JsonValue.Create("__no_answer__");

    /// <summary>Requests received (method, params), in order.</summary>
    public ConcurrentQueue<(string Method, JsonElement Params)> Requests { get; } = new();

    public int Count(string method) => Received.Count(m => m == method);

    /// <summary>Runs after a request was answered (e.g. push notifications after the first subscribe).</summary>
    public Func<ScriptedSocket, string, Task>? AfterAnswer { get; set; }

    /// <summary>Replaces the default request/answer behaviour entirely.</summary>
    public Func<ScriptedSocket, Task>? OnSocket { get; set; }

    /// <summary>Plain HTTP answers: path → (status, body).</summary>
    public ConcurrentDictionary<string, (int Status, string Body)> Http { get; } = new();

    public void Start() => accept = Task.Run(AcceptAsync);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            lock (running)
            {
                running.Add(Task.Run(() => HandleAsync(context)));
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        if (!context.Request.IsWebSocketRequest)
        {
            var (status, body) = Http.TryGetValue(context.Request.Url!.AbsolutePath, out var answer) ? answer : (404, "{\"error\":{\"code\":404,\"message\":\"Not Found\"}}");
            context.Response.StatusCode = status;
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
            return;
        }

        var socket = new ScriptedSocket((await context.AcceptWebSocketAsync(null)).WebSocket, stop.Token) { Context = context };
        try
        {
            await (OnSocket ?? AnswerRequestsAsync)(socket);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            socket.Abort();
        }
    }

    private async Task AnswerRequestsAsync(ScriptedSocket socket)
    {
        while (await socket.ReceiveAsync() is { } request)
        {
            var method = request.GetProperty("method").GetString()!;
            Received.Enqueue(method);
            var id = request.GetProperty("id").GetInt64();
            var parameters = request.TryGetProperty("params", out var p) ? p : default;
            Requests.Enqueue((method, parameters));
            var value = Answers.TryGetValue(method, out var result) ? result(parameters) : null;
            if (ReferenceEquals(value, NoAnswer))
            {
                continue;
            }

            JsonObject answer = result is not null
                ? new JsonObject { ["jsonrpc"] = "2.0", ["result"] = value, ["id"] = id }
                : new JsonObject { ["jsonrpc"] = "2.0", ["error"] = new JsonObject { ["code"] = -32601, ["message"] = $"Method not found: {method}" }, ["id"] = id };
            await socket.SendAsync(answer.ToJsonString());
            if (AfterAnswer is not null)
            {
                await AfterAnswer(socket, method);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Close();
        Task[] tasks;
        lock (running)
        {
            tasks = [.. running];
        }

        try
        {
            await Task.WhenAll(tasks.Append(accept ?? Task.CompletedTask)).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
        }

        stop.Dispose();
    }
}

internal sealed class ScriptedSocket(WebSocket socket, CancellationToken stop)
{
    private readonly SemaphoreSlim sending = new(1, 1);

    public WebSocket Socket { get; } = socket;

    public HttpListenerContext? Context { get; init; }

    /// <summary>Drops the TCP connection (WebSocket.Abort alone leaves HttpListener's connection open).</summary>
    public void Abort()
    {
        Socket.Abort();
        Context?.Response.Abort();
    }

    public async Task SendAsync(string text, bool endOfMessage = true)
    {
        await sending.WaitAsync(stop);
        try
        {
            await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage, stop);
        }
        finally
        {
            sending.Release();
        }
    }

    public async Task SendBytesAsync(ReadOnlyMemory<byte> bytes, bool endOfMessage)
    {
        await sending.WaitAsync(stop);
        try
        {
            await Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage, stop);
        }
        finally
        {
            sending.Release();
        }
    }

    /// <summary>Next request, or null when the client closed.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await Socket.ReceiveAsync(buffer, stop);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(message.ToArray()).RootElement;
    }
}
