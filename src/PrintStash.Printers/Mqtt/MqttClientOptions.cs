using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Mqtt;

public sealed record MqttClientOptions
{
    /// <summary>Largest packet accepted from the broker (and sent to it); bigger ones end the connection instead of being buffered.</summary>
    public const int DefaultMaxPacketSize = 4 * 1024 * 1024;

    public required string Host { get; init; }

    public required int Port { get; init; }

    public required string ClientId { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Zero disables keep-alive. The client pings after this much write silence and gives up when no answer comes within the same period.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Null for plain TCP; otherwise the certificate trust rule for TLS from the first byte (mqtts).</summary>
    public ServerCertificateTrust? Tls { get; init; }

    /// <summary>Host name sent in SNI and checked against the certificate (Bambu printers use their serial). Defaults to <see cref="Host"/>.</summary>
    public string? TlsServerName { get; init; }

    public int MaxPacketSize { get; init; } = DefaultMaxPacketSize;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a QoS 1 publish, a subscribe or a connect waits for the broker's acknowledgement.</summary>
    public TimeSpan AcknowledgementTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Received messages waiting for the consumer; when full the client stops reading (TCP back-pressure), it never drops.</summary>
    public int ReceiveQueueCapacity { get; init; } = 1024;
}
