using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace PrintStash.Printers.Moonraker;

/// <summary>A server-to-client JSON-RPC notification; <see cref="Params"/> is the positional array (Undefined when absent).</summary>
internal sealed record MoonrakerNotification(string Method, JsonElement Params)
{
    public JsonElement? First => Params.ValueKind == JsonValueKind.Array && Params.GetArrayLength() > 0 ? Params[0] : null;
}

/// <summary>
/// JSON-RPC 2.0 over one WebSocket: numbered requests matched to answers (with a timeout each), notifications handed to a
/// bounded channel in arrival order. Messages above the size cap, a connection lost mid-message or a failed receive end
/// the session: pending calls and the notification channel fail with a <see cref="MoonrakerProtocolException"/>.
/// Frames that are not JSON, or JSON that is neither an answer nor a notification, are skipped.
/// </summary>
internal sealed class MoonrakerRpcClient : IAsyncDisposable
{
    private const int NotificationBacklog = 1024;

    private readonly WebSocket socket;
    private readonly MoonrakerOptions options;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> pending = new();
    private readonly Channel<MoonrakerNotification> notifications = Channel.CreateBounded<MoonrakerNotification>(
        new BoundedChannelOptions(NotificationBacklog) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly CancellationTokenSource stop = new();
    private readonly Task receiveLoop;
    private long nextId;
    private int disposed;
    private volatile Exception? endedBecause;

    public MoonrakerRpcClient(WebSocket socket, MoonrakerOptions options, TimeProvider time)
    {
        this.socket = socket;
        this.options = options;
        this.time = time;
        receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public ChannelReader<MoonrakerNotification> Notifications => notifications.Reader;

    /// <summary>Frames that were skipped because they were not JSON-RPC (for diagnostics and tests).</summary>
    public int SkippedFrames { get; private set; }

    /// <summary>Lets the connection feed its own events (e.g. "metadata loaded") into the same ordered loop.</summary>
    public bool Post(MoonrakerNotification notification) => notifications.Writer.TryWrite(notification);

    public async Task<JsonElement> CallAsync(string method, JsonObject? parameters, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        try
        {
            if (receiveLoop.IsCompleted)
            {
                // Say why the session ended (e.g. an oversized message), not only that it did: a call can lose the race with the loop's end.
                throw endedBecause is { } reason
                    ? new MoonrakerProtocolException(reason.Message, reason)
                    : new MoonrakerProtocolException("The connection to Moonraker is closed.");
            }

            var request = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["id"] = id };
            if (parameters is not null)
            {
                request["params"] = parameters;
            }

            await SendAsync(JsonSerializer.SerializeToUtf8Bytes(request), cancellationToken);
            var limit = timeout ?? options.RequestTimeout;
            JsonElement response;
            try
            {
                response = await answer.Task.WaitAsync(limit, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new MoonrakerProtocolException($"Moonraker did not answer {method} within {limit.TotalSeconds:0.#} s.");
            }

            if (response.Property("error") is { ValueKind: JsonValueKind.Object } error)
            {
                throw new MoonrakerRequestException(error.Int("code") ?? 0, error.String("message") ?? $"Moonraker refused {method}.");
            }

            return response.Property("result") ?? default;
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    private async Task SendAsync(byte[] payload, CancellationToken cancellationToken)
    {
        await sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            throw new MoonrakerProtocolException("The connection to Moonraker was lost while sending: " + e.Message, e);
        }
        finally
        {
            sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? failure = null;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= options.MaxMessageBytes)
                        {
                            throw new MoonrakerProtocolException(
                                $"Moonraker sent a message larger than {options.MaxMessageBytes / 1024 / 1024.0:0.#} MiB; the session was closed to protect memory.");
                        }

                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, options.MaxMessageBytes));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    var room = Math.Min(buffer.Length, options.MaxMessageBytes) - length;
                    if (room <= 0)
                    {
                        throw new MoonrakerProtocolException(
                            $"Moonraker sent a message larger than {options.MaxMessageBytes / 1024 / 1024.0:0.#} MiB; the session was closed to protect memory.");
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length, room), stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    await DispatchAsync(buffer.AsMemory(0, length));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            failure = new MoonrakerProtocolException("The session was closed.");
        }
        catch (MoonrakerProtocolException e)
        {
            failure = e;
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            failure = new MoonrakerProtocolException("The connection to Moonraker was lost: " + e.Message, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            var ending = failure ?? new MoonrakerProtocolException("Moonraker closed the connection.");
            endedBecause = ending;
            foreach (var call in pending.Values)
            {
                call.TrySetException(ending);
            }

            notifications.Writer.TryComplete(failure);
            if (failure is not null)
            {
                socket.Abort();
            }
        }
    }

    private async ValueTask DispatchAsync(ReadOnlyMemory<byte> frame)
    {
        JsonElement message;
        try
        {
            var reader = new Utf8JsonReader(frame.Span);
            message = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            SkippedFrames++;
            return;
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            SkippedFrames++;
            return;
        }

        if (message.String("method") is { } method)
        {
            var parameters = message.Property("params") ?? default;
            await notifications.Writer.WriteAsync(new MoonrakerNotification(method, parameters), stop.Token);
            return;
        }

        if (message.Long("id") is { } id && pending.TryRemove(id, out var call))
        {
            call.TrySetResult(message);
            return;
        }

        SkippedFrames++;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stop.CancelAsync();
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(1), time);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", closing.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The server is gone already; nothing to close politely.
            }
        }

        socket.Abort();
        try
        {
            await receiveLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or MoonrakerProtocolException)
        {
            // Ended by the stop above.
        }

        socket.Dispose();
        stop.Dispose();

        // sendLock is not disposed: a call racing with disposal then fails as "connection closed", not ObjectDisposed.
    }
}
