using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Mqtt;

/// <summary>
/// One MQTT 3.1.1 session over TCP or TLS. It does not reconnect by itself: when <see cref="Completion"/> ends, the owner
/// (a printer supervisor with its own back-off) connects again and re-subscribes. Sessions are always clean.
/// </summary>
public sealed class MqttConnection : IAsyncDisposable
{
    private readonly MqttClientOptions options;
    private readonly TimeProvider timeProvider;
    private readonly TcpClient tcp;
    private readonly Stream stream;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<ushort, TaskCompletionSource<byte[]>> pendingAcks = new();
    private readonly Channel<MqttMessage> messages;
    private readonly CancellationTokenSource lifetime = new();
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock stateGate = new();
    private Task readLoop = Task.CompletedTask;
    private Task keepAliveLoop = Task.CompletedTask;
    private int nextPacketId;
    private long lastWriteTimestamp;
    private long lastReadTimestamp;
    private long pingSentTimestamp;
    private bool closed;
    private volatile bool disconnecting;

    private MqttConnection(MqttClientOptions options, TimeProvider timeProvider, TcpClient tcp, Stream stream, string? certificateSha256)
    {
        this.options = options;
        this.timeProvider = timeProvider;
        this.tcp = tcp;
        this.stream = stream;
        ServerCertificateSha256 = certificateSha256;
        messages = Channel.CreateBounded<MqttMessage>(new BoundedChannelOptions(options.ReceiveQueueCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lastWriteTimestamp = lastReadTimestamp = timeProvider.GetTimestamp();
    }

    /// <summary>SHA-256 fingerprint of the broker's certificate (TLS only): store it after a trust-on-first-use connection to pin it.</summary>
    public string? ServerCertificateSha256 { get; }

    /// <summary>Messages from the broker, in order. Completes when the connection ends; with an exception when it ended abnormally.</summary>
    public ChannelReader<MqttMessage> Messages => messages.Reader;

    /// <summary>Completes when the session ends: normally after <see cref="DisconnectAsync"/>, faulted with <see cref="MqttConnectionClosedException"/> otherwise.</summary>
    public Task Completion => completion.Task;

    public bool IsConnected
    {
        get
        {
            lock (stateGate)
            {
                return !closed;
            }
        }
    }

    /// <summary>
    /// Opens the socket (and TLS), sends CONNECT and waits for CONNACK. Throws <see cref="MqttConnectRefusedException"/> when the
    /// broker refuses the login, <see cref="CertificatePinMismatchException"/> when a pinned certificate changed, and
    /// <see cref="SocketException"/>/<see cref="TimeoutException"/> when the broker cannot be reached.
    /// </summary>
    public static async Task<MqttConnection> ConnectAsync(MqttClientOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPacketSize, 64);
        var keepAliveSeconds = (ushort)Math.Clamp(Math.Ceiling(options.KeepAlive.TotalSeconds), 0, ushort.MaxValue);

        using var timeout = new CancellationTokenSource(options.ConnectTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var tcp = new TcpClient { NoDelay = true };
        Stream? stream = null;
        try
        {
            await tcp.ConnectAsync(options.Host, options.Port, linked.Token);
            stream = tcp.GetStream();
            string? fingerprint = null;
            if (options.Tls is { } trust)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                fingerprint = await TlsClientHandshake.AuthenticateAsync(ssl, options.TlsServerName ?? options.Host, trust, linked.Token);
            }

            await stream.WriteAsync(MqttPacketWriter.Connect(options.ClientId, options.Username, options.Password, keepAliveSeconds), linked.Token);
            await stream.FlushAsync(linked.Token);
            var reply = await new MqttPacketReader(stream, options.MaxPacketSize).ReadAsync(linked.Token)
                ?? throw new MqttConnectionClosedException("The broker closed the connection before answering CONNECT.");
            if (reply.Type != MqttPacketType.ConnAck || reply.Body.Length != 2)
            {
                throw new MqttProtocolException($"Expected CONNACK, received {reply.Type} ({reply.Body.Length} bytes).");
            }

            var code = (MqttConnectReturnCode)reply.Body[1];
            if (code != MqttConnectReturnCode.Accepted)
            {
                throw new MqttConnectRefusedException(code);
            }

            var connection = new MqttConnection(options, timeProvider, tcp, stream, fingerprint);
            connection.Start();
            return connection;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietlyAsync(stream, tcp);
            throw new TimeoutException($"No MQTT answer from {options.Host}:{options.Port} within {options.ConnectTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException)
        {
            await DisposeQuietlyAsync(stream, tcp);
            throw new MqttConnectionClosedException($"The connection to {options.Host}:{options.Port} broke during the MQTT handshake: {ex.Message}", ex);
        }
        catch
        {
            await DisposeQuietlyAsync(stream, tcp);
            throw;
        }
    }

    public async Task SubscribeAsync(string topicFilter, MqttQualityOfService qos, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicFilter);
        var packetId = NextPacketId();
        var body = await SendAndAwaitAckAsync(packetId, MqttPacketWriter.Subscribe(packetId, [(topicFilter, qos)]), "SUBSCRIBE", cancellationToken);
        if (body.Length != 3)
        {
            throw Fail(new MqttProtocolException($"Malformed SUBACK: expected 1 return code, got {body.Length - 2}."));
        }

        if (body[2] == 0x80)
        {
            throw new MqttSubscriptionRefusedException(topicFilter);
        }
    }

    /// <summary>Publishes a message; with QoS 1 returns once the broker has acknowledged it (PUBACK).</summary>
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos, bool retain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new ArgumentException($"A publish topic cannot contain wildcards: '{topic}'.", nameof(topic));
        }

        if (payload.Length + topic.Length + 8 > options.MaxPacketSize)
        {
            throw new ArgumentException($"The payload of {payload.Length:N0} bytes exceeds the packet limit of {options.MaxPacketSize:N0} bytes.", nameof(payload));
        }

        if (qos == MqttQualityOfService.AtMostOnce)
        {
            await WriteAsync(MqttPacketWriter.Publish(topic, payload.Span, qos, retain, 0), cancellationToken);
            return;
        }

        var packetId = NextPacketId();
        await SendAndAwaitAckAsync(packetId, MqttPacketWriter.Publish(topic, payload.Span, qos, retain, packetId), "PUBLISH", cancellationToken);
    }

    /// <summary>Sends DISCONNECT and closes the socket; the broker then discards the session without publishing a will.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            return;
        }

        // The broker closes the socket as soon as it reads DISCONNECT: that end is the normal one, not a lost connection.
        disconnecting = true;
        try
        {
            await WriteAsync(MqttPacketWriter.Disconnect(), cancellationToken);
        }
        catch (MqttConnectionClosedException)
        {
            // Already gone; closing below is all that is left to do.
        }

        Close(null);
        await WaitForLoopsAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), timeProvider);
            try
            {
                await DisconnectAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Close(null);
            }
        }

        await WaitForLoopsAsync();
        lifetime.Dispose();
        writeLock.Dispose();
    }

    private void Start()
    {
        readLoop = Task.Run(ReadLoopAsync);
        if (options.KeepAlive > TimeSpan.Zero)
        {
            keepAliveLoop = Task.Run(KeepAliveLoopAsync);
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = new MqttPacketReader(stream, options.MaxPacketSize);
        try
        {
            while (true)
            {
                var packet = await reader.ReadAsync(lifetime.Token);
                if (packet is null)
                {
                    Close(new MqttConnectionClosedException("The broker closed the connection."));
                    return;
                }

                Interlocked.Exchange(ref lastReadTimestamp, timeProvider.GetTimestamp());
                await HandleAsync(packet.Value);
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
        }
        catch (MqttProtocolException ex)
        {
            Close(new MqttConnectionClosedException($"Closed the connection: {ex.Message}", ex));
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or ObjectDisposedException or MqttConnectionClosedException)
        {
            Close(ex as MqttConnectionClosedException ?? new MqttConnectionClosedException($"The connection to the broker was lost: {ex.Message}", ex));
        }
    }

    private async Task HandleAsync(MqttPacket packet)
    {
        if (packet.Type != MqttPacketType.Publish && packet.Flags != 0)
        {
            throw new MqttProtocolException($"Malformed {packet.Type}: reserved header flags are set.");
        }

        switch (packet.Type)
        {
            case MqttPacketType.Publish:
                var message = MqttPacketReader.ParsePublish(packet, out var packetId);
                await messages.Writer.WriteAsync(message, lifetime.Token);
                if (message.QualityOfService == MqttQualityOfService.AtLeastOnce)
                {
                    await WriteAsync(MqttPacketWriter.PubAck(packetId), lifetime.Token);
                }

                break;
            case MqttPacketType.PubAck:
            case MqttPacketType.SubAck:
                var id = MqttPacketReader.ReadUInt16(packet.Body, 0, packet.Type.ToString());
                if (packet.Type == MqttPacketType.PubAck && packet.Body.Length != 2)
                {
                    throw new MqttProtocolException("Malformed PUBACK: wrong length.");
                }

                if (pendingAcks.TryRemove(id, out var waiter))
                {
                    waiter.TrySetResult(packet.Body);
                }

                break;
            case MqttPacketType.PingResp:
                Interlocked.Exchange(ref pingSentTimestamp, 0);
                break;
            default:
                throw new MqttProtocolException($"Unexpected {packet.Type} packet from the broker.");
        }
    }

    private async Task KeepAliveLoopAsync()
    {
        var keepAlive = options.KeepAlive;
        var tick = TimeSpan.FromTicks(Math.Max(keepAlive.Ticks / 4, TimeSpan.TicksPerMillisecond * 50));
        try
        {
            while (true)
            {
                await Task.Delay(tick, timeProvider, lifetime.Token);
                var pingSent = Interlocked.Read(ref pingSentTimestamp);
                if (pingSent != 0)
                {
                    if (timeProvider.GetElapsedTime(pingSent) > keepAlive)
                    {
                        Close(new MqttConnectionClosedException($"The broker did not answer a keep-alive ping within {keepAlive.TotalSeconds:0.#} s."));
                        return;
                    }

                    continue;
                }

                var writeIdle = timeProvider.GetElapsedTime(Interlocked.Read(ref lastWriteTimestamp));
                var readIdle = timeProvider.GetElapsedTime(Interlocked.Read(ref lastReadTimestamp));
                if (writeIdle >= keepAlive / 2 || readIdle >= keepAlive)
                {
                    Interlocked.Exchange(ref pingSentTimestamp, timeProvider.GetTimestamp());
                    await WriteAsync(MqttPacketWriter.PingReq(), lifetime.Token);
                }
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
        }
        catch (MqttConnectionClosedException)
        {
        }
    }

    private async Task<byte[]> SendAndAwaitAckAsync(ushort packetId, byte[] packet, string what, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        pendingAcks[packetId] = waiter;
        try
        {
            if (!IsConnected)
            {
                throw new MqttConnectionClosedException("The MQTT connection is closed.");
            }

            await WriteAsync(packet, cancellationToken);
            return await waiter.Task.WaitAsync(options.AcknowledgementTimeout, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The broker did not acknowledge {what} within {options.AcknowledgementTimeout.TotalSeconds:0.#} s.");
        }
        finally
        {
            pendingAcks.TryRemove(packetId, out _);
        }
    }

    private async Task WriteAsync(byte[] packet, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            if (!IsConnected)
            {
                throw new MqttConnectionClosedException("The MQTT connection is closed.");
            }

            // Never cancel a write half-way with the caller's token: a partial packet would corrupt the stream.
            await stream.WriteAsync(packet, lifetime.Token);
            await stream.FlushAsync(lifetime.Token);
            Interlocked.Exchange(ref lastWriteTimestamp, timeProvider.GetTimestamp());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException && lifetime.IsCancellationRequested)
        {
            var closedException = new MqttConnectionClosedException($"The connection to the broker was lost: {ex.Message}", ex);
            Close(closedException);
            throw closedException;
        }
        finally
        {
            writeLock.Release();
        }
    }

    private ushort NextPacketId()
    {
        for (var attempt = 0; attempt < ushort.MaxValue; attempt++)
        {
            var id = (ushort)((Interlocked.Increment(ref nextPacketId) % ushort.MaxValue) + 1);
            if (!pendingAcks.ContainsKey(id))
            {
                return id;
            }
        }

        throw new InvalidOperationException("All 65,535 MQTT packet ids are waiting for acknowledgements.");
    }

    private MqttConnectionClosedException Fail(MqttProtocolException ex)
    {
        var closedException = new MqttConnectionClosedException($"Closed the connection: {ex.Message}", ex);
        Close(closedException);
        return closedException;
    }

    private void Close(MqttConnectionClosedException? reason)
    {
        if (disconnecting)
        {
            reason = null;
        }

        lock (stateGate)
        {
            if (closed)
            {
                return;
            }

            closed = true;
        }

        lifetime.Cancel();
        var failure = reason ?? new MqttConnectionClosedException("The MQTT connection was closed by this client.");
        foreach (var waiter in pendingAcks.Values)
        {
            waiter.TrySetException(failure);
        }

        messages.Writer.TryComplete(reason);
        stream.Dispose();
        tcp.Dispose();
        if (reason is null)
        {
            completion.TrySetResult();
        }
        else
        {
            completion.TrySetException(reason);
        }
    }

    private async Task WaitForLoopsAsync()
    {
        await readLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await keepAliveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async ValueTask DisposeQuietlyAsync(Stream? stream, TcpClient tcp)
    {
        if (stream is not null)
        {
            await stream.DisposeAsync();
        }

        tcp.Dispose();
    }
}
