using System.Security.Authentication;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Ftps;

public sealed record FtpsClientOptions
{
    public required string Host { get; init; }

    /// <summary>Implicit TLS: the handshake starts on connect. Printers listen on 990.</summary>
    public int Port { get; init; } = 990;

    public required string Username { get; init; }

    public required string Password { get; init; }

    public ServerCertificateTrust Trust { get; init; } = ServerCertificateTrust.TrustOnFirstUse;

    /// <summary>SNI / certificate name; Bambu printers present their serial. Defaults to <see cref="Host"/>.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>
    /// TLS versions offered. TLS 1.2 by default: servers that require the data channel to resume the control channel's
    /// session (vsftpd's require_ssl_reuse, Bambu printers) need a session that can be resumed more than once, and TLS 1.3
    /// tickets are single-use, so a second upload on the same connection would be refused ("522 session reuse required").
    /// </summary>
    public SslProtocols TlsProtocols { get; init; } = SslProtocols.Tls12;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for any single reply on the control channel (the final reply of a transfer included).</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
