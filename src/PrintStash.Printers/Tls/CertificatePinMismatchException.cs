namespace PrintStash.Printers.Tls;

/// <summary>The server presented a different certificate than the one pinned at pairing: refuse and tell the user.</summary>
public sealed class CertificatePinMismatchException(string expectedSha256, string presentedSha256)
    : Exception($"The server's certificate changed since it was paired (expected SHA-256 {expectedSha256}, got {presentedSha256}). "
        + "If the printer was reset or replaced, pair it again; otherwise something is intercepting the connection.")
{
    public string ExpectedSha256 { get; } = expectedSha256;

    public string PresentedSha256 { get; } = presentedSha256;
}
