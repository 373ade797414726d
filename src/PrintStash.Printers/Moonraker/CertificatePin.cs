using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrintStash.Printers.Moonraker;

/// <summary>
/// TLS policy: a certificate the system trusts is accepted; a self-signed (or otherwise untrusted) one only when its
/// SHA-256 fingerprint equals the one the user chose to trust. Remembers what the server presented, for the test form.
/// </summary>
internal sealed class CertificatePin(string? trustedSha256)
{
    private readonly string? trusted = Normalize(trustedSha256);

    public string? PresentedSha256 { get; private set; }

    public bool PinRejected { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        PresentedSha256 = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        var accepted = trusted is not null && string.Equals(trusted, PresentedSha256, StringComparison.Ordinal);
        PinRejected = !accepted;
        return accepted;
    }

    /// <summary>"ab:cd:…" or "AB CD …" → "ABCD…"; null when empty.</summary>
    public static string? Normalize(string? fingerprint)
    {
        if (string.IsNullOrWhiteSpace(fingerprint))
        {
            return null;
        }

        return new string(fingerprint.Where(Uri.IsHexDigit).Select(char.ToUpperInvariant).ToArray());
    }

    public static string Format(string hex) => string.Join(':', hex.Chunk(2).Select(c => new string(c)));
}
