using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrintStash.Printers.Tls;

public static class CertificateFingerprint
{
    /// <summary>SHA-256 of the DER certificate as "AB:CD:..." (the form `openssl x509 -fingerprint -sha256` prints).</summary>
    public static string Sha256(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Format(SHA256.HashData(certificate.GetRawCertData()));
    }

    /// <summary>Accepts "ab:cd:..", "ABCD..", with or without "sha256 fingerprint=" prefixes stripped by the caller.</summary>
    public static string Normalize(string fingerprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint);
        var hex = fingerprint.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim();
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"'{fingerprint}' is not a hexadecimal SHA-256 fingerprint.", nameof(fingerprint));
        }

        if (bytes.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A SHA-256 fingerprint has 32 bytes; '{fingerprint}' has {bytes.Length}.", nameof(fingerprint));
        }

        return Format(bytes);
    }

    private static string Format(byte[] hash) => string.Join(':', hash.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
