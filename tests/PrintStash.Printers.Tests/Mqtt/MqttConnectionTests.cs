using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using PrintStash.Printers.Mqtt;
using PrintStash.Printers.Tests.TestSupport;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Tests.Mqtt;

public sealed class MqttConnectionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Connect_over_tls_with_password_reports_the_certificate_fingerprint_on_first_use()
    {
        await using var broker = await MosquittoBroker.StartAsync();

        await using var connection = await ConnectAsync(broker, ServerCertificateTrust.TrustOnFirstUse);

        Assert.True(connection.IsConnected);
        Assert.Equal(broker.Certificate!.Sha256, connection.ServerCertificateSha256);
    }

    [Fact]
    public async Task Connect_with_the_pinned_fingerprint_succeeds()
    {
        await using var broker = await MosquittoBroker.StartAsync();

        await using var connection = await ConnectAsync(broker, ServerCertificateTrust.Pinned(broker.Certificate!.Sha256.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant()));

        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task Connect_refuses_a_certificate_that_changed_after_pinning()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var otherPin = string.Join(':', Enumerable.Repeat("AB", 32));

        var error = await Assert.ThrowsAsync<CertificatePinMismatchException>(() => ConnectAsync(broker, ServerCertificateTrust.Pinned(otherPin)));

        Assert.Equal(otherPin, error.ExpectedSha256);
        Assert.Equal(broker.Certificate!.Sha256, error.PresentedSha256);
        Assert.Contains("changed since it was paired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_with_system_trust_rejects_a_self_signed_certificate_and_names_its_fingerprint()
    {
        await using var broker = await MosquittoBroker.StartAsync();

        var error = await Assert.ThrowsAsync<AuthenticationException>(() => ConnectAsync(broker, ServerCertificateTrust.System));

        Assert.Contains(broker.Certificate!.Sha256, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_with_a_wrong_password_is_an_authentication_failure()
    {
        await using var broker = await MosquittoBroker.StartAsync();

        var error = await Assert.ThrowsAsync<MqttConnectRefusedException>(() => ConnectAsync(broker, ServerCertificateTrust.TrustOnFirstUse, password: "wrong-code"));

        Assert.True(error.IsAuthenticationFailure);
    }

    [Fact]
    public async Task Connect_to_a_closed_port_fails_fast_with_a_socket_error()
    {
        var port = ExternalTool.FreeLoopbackPort();

        await Assert.ThrowsAnyAsync<SocketException>(() => MqttConnection.ConnectAsync(Options("127.0.0.1", port, null), TimeProvider.System, CancellationToken.None));
    }

    [Fact]
    public async Task Connect_to_a_silent_server_times_out()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var options = Options("127.0.0.1", ((System.Net.IPEndPoint)listener.LocalEndpoint).Port, null) with { ConnectTimeout = TimeSpan.FromMilliseconds(500) };

        var error = await Assert.ThrowsAsync<TimeoutException>(() => MqttConnection.ConnectAsync(options, TimeProvider.System, CancellationToken.None));

        Assert.Contains("No MQTT answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_and_subscribe_round_trip_at_qos_0_and_1()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var subscriber = await ConnectAsync(broker, ServerCertificateTrust.TrustOnFirstUse);
        await using var publisher = await ConnectAsync(broker, ServerCertificateTrust.TrustOnFirstUse);
        await subscriber.SubscribeAsync("device/+/report", MqttQualityOfService.AtLeastOnce, CancellationToken.None);

        await publisher.PublishAsync("device/A/report", "zero"u8.ToArray(), MqttQualityOfService.AtMostOnce, false, CancellationToken.None);
        await publisher.PublishAsync("device/B/report", "one"u8.ToArray(), MqttQualityOfService.AtLeastOnce, false, CancellationToken.None);

        var first = await ReadAsync(subscriber);
        var second = await ReadAsync(subscriber);
        Assert.Equal(("device/A/report", "zero", MqttQualityOfService.AtMostOnce), (first.Topic, Encoding.UTF8.GetString(first.Payload.Span), first.QualityOfService));
        Assert.Equal(("device/B/report", "one", MqttQualityOfService.AtLeastOnce), (second.Topic, Encoding.UTF8.GetString(second.Payload.Span), second.QualityOfService));
    }

    [Fact]
    public async Task A_one_megabyte_payload_round_trips_intact()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var subscriber = await ConnectAsync(broker, ServerCertificateTrust.TrustOnFirstUse);
        await using var publisher = await ConnectAsync(broker, ServerCertificateTrust.TrustOnFirstUse);
        await subscriber.SubscribeAsync("big", MqttQualityOfService.AtLeastOnce, CancellationToken.None);
        var payload = new byte[1024 * 1024];
        new Random(7).NextBytes(payload);

        await publisher.PublishAsync("big", payload, MqttQualityOfService.AtLeastOnce, false, CancellationToken.None);

        var received = await ReadAsync(subscriber);
        Assert.True(payload.AsSpan().SequenceEqual(received.Payload.Span));
    }

    [Fact]
    public async Task A_packet_over_the_limit_closes_the_connection_with_a_clear_reason()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var small = await MqttConnection.ConnectAsync(Options(broker) with { MaxPacketSize = 64 * 1024 }, TimeProvider.System, CancellationToken.None);
        await using var publisher = await ConnectAsync(broker, ServerCertificateTrust.TrustOnFirstUse);
        await small.SubscribeAsync("big", MqttQualityOfService.AtMostOnce, CancellationToken.None);

        await publisher.PublishAsync("big", new byte[200 * 1024], MqttQualityOfService.AtLeastOnce, false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MqttConnectionClosedException>(() => small.Completion.WaitAsync(Patience));
        Assert.Contains("the limit is 65,536", error.Message, StringComparison.Ordinal);
        Assert.False(small.IsConnected);
    }

    [Fact]
    public async Task Publishing_more_than_the_packet_limit_is_refused_before_sending()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var connection = await MqttConnection.ConnectAsync(Options(broker) with { MaxPacketSize = 1024 }, TimeProvider.System, CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() => connection.PublishAsync("t", new byte[2048], MqttQualityOfService.AtMostOnce, false, CancellationToken.None));

        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task Broker_restart_ends_the_session_and_a_new_connection_works_again()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var first = await ConnectAsync(broker, ServerCertificateTrust.Pinned(broker.Certificate!.Sha256));
        await first.SubscribeAsync("t", MqttQualityOfService.AtMostOnce, CancellationToken.None);

        await broker.RestartAsync();

        await Assert.ThrowsAsync<MqttConnectionClosedException>(() => first.Completion.WaitAsync(Patience));
        await Assert.ThrowsAsync<MqttConnectionClosedException>(() => first.PublishAsync("t", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce, false, CancellationToken.None));
        await first.DisposeAsync();
        await using var second = await ConnectAsync(broker, ServerCertificateTrust.Pinned(broker.Certificate!.Sha256));
        await second.SubscribeAsync("t", MqttQualityOfService.AtMostOnce, CancellationToken.None);
        await second.PublishAsync("t", "again"u8.ToArray(), MqttQualityOfService.AtLeastOnce, false, CancellationToken.None);
        Assert.Equal("again", Encoding.UTF8.GetString((await ReadAsync(second)).Payload.Span));
    }

    [Fact]
    public async Task Keep_alive_pings_hold_an_idle_session_open()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var connection = await MqttConnection.ConnectAsync(Options(broker) with { KeepAlive = TimeSpan.FromSeconds(2) }, TimeProvider.System, CancellationToken.None);

        // Mosquitto drops clients silent for 1.5 × keep-alive (3 s); 6 s of idleness is only survived by pinging.
        await Task.Delay(TimeSpan.FromSeconds(6));

        Assert.True(connection.IsConnected);
        await connection.PublishAsync("t", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce, false, CancellationToken.None);
    }

    [Fact]
    public async Task A_broker_that_stops_answering_pings_is_detected()
    {
        await using var silent = new RawMqttBroker((_, _) => Task.CompletedTask);
        await using var connection = await MqttConnection.ConnectAsync(Options("127.0.0.1", silent.Port, null) with { KeepAlive = TimeSpan.FromMilliseconds(400) }, TimeProvider.System, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MqttConnectionClosedException>(() => connection.Completion.WaitAsync(Patience));

        Assert.Contains("keep-alive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_remaining_length_closes_the_connection()
    {
        await using var broker = new RawMqttBroker((stream, ct) => stream.WriteAsync(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, ct).AsTask());
        await using var connection = await MqttConnection.ConnectAsync(Options("127.0.0.1", broker.Port, null), TimeProvider.System, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MqttConnectionClosedException>(() => connection.Completion.WaitAsync(Patience));

        Assert.Contains("more than 4 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_announced_packet_is_refused_without_allocating_it()
    {
        // PUBLISH announcing 268 MB (the protocol maximum) and then nothing.
        await using var broker = new RawMqttBroker((stream, ct) => stream.WriteAsync(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0x7F }, ct).AsTask());
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await using var connection = await MqttConnection.ConnectAsync(Options("127.0.0.1", broker.Port, null), TimeProvider.System, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MqttConnectionClosedException>(() => connection.Completion.WaitAsync(Patience));

        Assert.Contains("268,435,455 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 16 * 1024 * 1024);
    }

    [Theory]
    [InlineData(new byte[] { 0x36, 0x05, 0x00, 0x01, 0x74, 0x00, 0x01 })] // QoS 3
    [InlineData(new byte[] { 0x30, 0x03, 0x00, 0x09, 0x74 })] // topic runs past the packet
    [InlineData(new byte[] { 0x30, 0x04, 0x00, 0x01, 0x23, 0x78 })] // wildcard in a published topic
    [InlineData(new byte[] { 0x20, 0x02, 0x00, 0x00 })] // a second CONNACK
    [InlineData(new byte[] { 0x42, 0x02, 0x00, 0x01 })] // PUBACK with reserved flags
    public async Task Malformed_packets_close_the_connection(byte[] packet)
    {
        await using var broker = new RawMqttBroker((stream, ct) => stream.WriteAsync(packet, ct).AsTask());
        await using var connection = await MqttConnection.ConnectAsync(Options("127.0.0.1", broker.Port, null), TimeProvider.System, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MqttConnectionClosedException>(() => connection.Completion.WaitAsync(Patience));

        Assert.IsType<MqttProtocolException>(error.InnerException);
        var readError = await Assert.ThrowsAsync<System.Threading.Channels.ChannelClosedException>(async () => await connection.Messages.ReadAsync());
        Assert.Same(error, readError.InnerException);
    }

    [Fact]
    public async Task Disconnect_completes_the_session_normally_and_later_publishes_fail()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var connection = await ConnectAsync(broker, ServerCertificateTrust.TrustOnFirstUse);

        await connection.DisconnectAsync(CancellationToken.None);

        await connection.Completion.WaitAsync(Patience);
        await Assert.ThrowsAsync<MqttConnectionClosedException>(() => connection.PublishAsync("t", "x"u8.ToArray(), MqttQualityOfService.AtMostOnce, false, CancellationToken.None));
        await connection.DisposeAsync();
    }

    private static Task<MqttConnection> ConnectAsync(MosquittoBroker broker, ServerCertificateTrust trust, string password = MosquittoBroker.Password) =>
        MqttConnection.ConnectAsync(Options(broker) with { Tls = trust, Password = password }, TimeProvider.System, CancellationToken.None);

    private static MqttClientOptions Options(MosquittoBroker broker) => Options(broker.Host, broker.Port, ServerCertificateTrust.TrustOnFirstUse) with
    {
        Username = MosquittoBroker.Username,
        Password = MosquittoBroker.Password,
        TlsServerName = MosquittoBroker.CertificateCommonName,
    };

    private static MqttClientOptions Options(string host, int port, ServerCertificateTrust? tls) => new()
    {
        Host = host,
        Port = port,
        ClientId = "test-" + Guid.NewGuid().ToString("N")[..12],
        Tls = tls,
    };

    private static async Task<MqttMessage> ReadAsync(MqttConnection connection)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await connection.Messages.ReadAsync(timeout.Token);
    }
}
