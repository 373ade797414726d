namespace PrintStash.Printers.Tls;

/// <summary>
/// How a TLS client decides to trust a server. Printers present self-signed (or private-CA) certificates, so besides the
/// system trust store we support SSH-style trust on first use: accept whatever is presented, report its SHA-256
/// fingerprint so the caller can store it, and from then on require exactly that certificate.
/// </summary>
public sealed record ServerCertificateTrust
{
    private ServerCertificateTrust(ServerCertificateTrustMode mode, string? pinnedSha256)
    {
        Mode = mode;
        PinnedSha256 = pinnedSha256;
    }

    public ServerCertificateTrustMode Mode { get; }

    /// <summary>Normalised (upper-case hex, colon-separated) fingerprint when <see cref="Mode"/> is Pinned.</summary>
    public string? PinnedSha256 { get; }

    /// <summary>The certificate must chain to the operating system's trust store and match the host name.</summary>
    public static ServerCertificateTrust System { get; } = new(ServerCertificateTrustMode.System, null);

    /// <summary>Accept any certificate and report its fingerprint (the first connection of a pairing).</summary>
    public static ServerCertificateTrust TrustOnFirstUse { get; } = new(ServerCertificateTrustMode.TrustOnFirstUse, null);

    /// <summary>Accept only the certificate with this SHA-256 fingerprint (hex, with or without colons).</summary>
    public static ServerCertificateTrust Pinned(string sha256Fingerprint) =>
        new(ServerCertificateTrustMode.Pinned, CertificateFingerprint.Normalize(sha256Fingerprint));
}

public enum ServerCertificateTrustMode
{
    System,
    TrustOnFirstUse,
    Pinned,
}
