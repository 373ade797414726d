using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace PrintStash.Printers.Simulation.Moonraker;

/// <summary>
/// One WebSocket client of the simulated Moonraker: reads JSON-RPC requests, writes answers and notifications through a
/// bounded outbox (a client that falls 512 messages behind is dropped, as a real server would), and remembers its
/// subscription and the values last sent so every tick sends only changed fields.
/// </summary>
internal sealed class SimulatorClient(WebSocket socket, Action dropConnection, long connectionId, bool needsAuth, string user)
{
    private const int MaxRequestBytes = 1024 * 1024;
    private readonly Channel<byte[]> outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(512) { SingleReader = true });

    public long ConnectionId { get; } = connectionId;

    public bool NeedsAuth { get; set; } = needsAuth;

    public bool Identified { get; set; }

    public string User { get; set; } = user;

    /// <summary>Object → requested fields (null = all); null when not subscribed. Guarded by the simulator's lock.</summary>
    public Dictionary<string, string[]?>? Subscription { get; set; }

    /// <summary>Object → field → value last sent. Guarded by the simulator's lock.</summary>
    public Dictionary<string, Dictionary<string, JsonNode?>> LastSent { get; } = new(StringComparer.Ordinal);

    public void Send(JsonNode message)
    {
        if (!outbox.Writer.TryWrite(JsonSerializer.SerializeToUtf8Bytes(message)))
        {
            Abort();
        }
    }

    /// <summary>Drops the connection (WebSocket.Abort alone leaves HttpListener's TCP connection open).</summary>
    public void Abort()
    {
        outbox.Writer.TryComplete();
        socket.Abort();
        dropConnection();
    }

    /// <summary>Runs until the client goes away; <paramref name="handle"/> answers each request (or returns null for none).</summary>
    public async Task RunAsync(Func<SimulatorClient, JsonElement, JsonNode?> handle, CancellationToken cancellationToken)
    {
        var writer = WriteLoopAsync(cancellationToken);
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                    if (message.Length > MaxRequestBytes)
                    {
                        return;
                    }
                }
                while (!result.EndOfMessage);

                JsonElement request;
                try
                {
                    request = JsonDocument.Parse(message.ToArray()).RootElement;
                }
                catch (JsonException)
                {
                    Send(new JsonObject { ["jsonrpc"] = "2.0", ["error"] = new JsonObject { ["code"] = -32700, ["message"] = "Parse error" }, ["id"] = null });
                    continue;
                }

                if (handle(this, request) is { } answer)
                {
                    Send(answer);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Client gone or simulator stopping.
        }
        finally
        {
            outbox.Writer.TryComplete();
            await writer;
            socket.Abort();
            dropConnection();
            socket.Dispose();
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var payload in outbox.Reader.ReadAllAsync(cancellationToken))
            {
                await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            socket.Abort();
        }
    }
}
