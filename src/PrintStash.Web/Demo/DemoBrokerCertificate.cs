using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrintStash.Printers.Tls;

namespace PrintStash.Web.Demo;

/// <summary>
/// A self-signed certificate for the demo's MQTT broker, shaped like a Bambu printer's own (CN = serial number), as
/// PEM text for mosquitto plus the SHA-256 fingerprint the demo printer is pinned to.
/// </summary>
internal sealed record DemoBrokerCertificate(string CertificatePem, string PrivateKeyPem, string Sha256)
{
    public static DemoBrokerCertificate Create(string commonName, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}"), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(commonName);
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return new DemoBrokerCertificate(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), CertificateFingerprint.Sha256(certificate));
    }
}
