using System.Security.Cryptography.X509Certificates;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Tests.TestSupport;

/// <summary>A self-signed certificate made by openssl (as a printer's would be), written as PEM files into a directory.</summary>
internal sealed record SelfSignedCertificate(string CertificatePath, string KeyPath, string Sha256)
{
    public static async Task<SelfSignedCertificate> CreateAsync(string directory, string commonName)
    {
        var openssl = ExternalTool.Locate("openssl", "PRINTSTASH_TEST_OPENSSL", "/usr/bin/openssl");
        var certificate = Path.Combine(directory, "server.crt");
        var key = Path.Combine(directory, "server.key");
        await ExternalTool.RunAsync(openssl,
        [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "2", "-subj", $"/CN={commonName}",
        ]);
        using var loaded = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificate));
        return new SelfSignedCertificate(certificate, key, CertificateFingerprint.Sha256(loaded));
    }
}
