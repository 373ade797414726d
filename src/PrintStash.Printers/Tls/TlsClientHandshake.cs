using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PrintStash.Printers.Tls;

/// <summary>Runs a client TLS handshake under a <see cref="ServerCertificateTrust"/> and reports what the server presented.</summary>
public static class TlsClientHandshake
{
    /// <summary>
    /// Authenticates <paramref name="stream"/> as a client. Returns the presented leaf certificate's SHA-256 fingerprint.
    /// Throws <see cref="CertificatePinMismatchException"/> when a pinned certificate changed, and
    /// <see cref="AuthenticationException"/> when the system trust store rejects it.
    /// </summary>
    public static async Task<string> AuthenticateAsync(SslStream stream, string targetHost, ServerCertificateTrust trust, CancellationToken cancellationToken, SslProtocols protocols = SslProtocols.None)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(trust);
        string? presented = null;
        SslPolicyErrors errors = SslPolicyErrors.None;
        var options = CreateOptions(targetHost, trust, (fingerprint, policyErrors) =>
        {
            presented = fingerprint;
            errors = policyErrors;
        });
        options.EnabledSslProtocols = protocols;
        try
        {
            await stream.AuthenticateAsClientAsync(options, cancellationToken);
        }
        catch (AuthenticationException) when (trust.Mode == ServerCertificateTrustMode.Pinned && presented is not null && presented != trust.PinnedSha256)
        {
            throw new CertificatePinMismatchException(trust.PinnedSha256!, presented);
        }
        catch (AuthenticationException ex) when (presented is null)
        {
            throw new AuthenticationException(
                $"The TLS handshake with {targetHost} failed before the server presented a certificate ({ex.Message}). "
                + "Is the port right, and does it speak TLS from the first byte (implicit-TLS)?", ex);
        }
        catch (AuthenticationException ex) when (trust.Mode == ServerCertificateTrustMode.System && presented is not null && errors != SslPolicyErrors.None)
        {
            throw new AuthenticationException(
                $"The server's certificate is not trusted ({errors}); its SHA-256 fingerprint is {presented}. Pair it to trust it.", ex);
        }

        return presented ?? CertificateFingerprint.Sha256(stream.RemoteCertificate!);
    }

    /// <summary>Options for a handshake (SslProtocols.None = the system's choice). The same host name lets the TLS layer resume a session.</summary>
    public static SslClientAuthenticationOptions CreateOptions(string targetHost, ServerCertificateTrust trust, Action<string, SslPolicyErrors>? onPresented = null) => new()
    {
        TargetHost = targetHost,
        EnabledSslProtocols = SslProtocols.None,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null)
            {
                return false;
            }

            var fingerprint = CertificateFingerprint.Sha256(certificate);
            onPresented?.Invoke(fingerprint, errors);
            return trust.Mode switch
            {
                ServerCertificateTrustMode.System => errors == SslPolicyErrors.None,
                ServerCertificateTrustMode.TrustOnFirstUse => true,
                ServerCertificateTrustMode.Pinned => string.Equals(fingerprint, trust.PinnedSha256, StringComparison.Ordinal),
                _ => false,
            };
        },
    };
}
