using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PrintStash.Printers.Moonraker;

namespace PrintStash.Printers.Tests.Moonraker;

/// <summary>A self-signed HTTPS Moonraker is trusted only by its pinned SHA-256 fingerprint.</summary>
public sealed class MoonrakerTlsTests
{
    /// <summary>A minimal HTTPS server (one request per connection) answering with the recorded Moonraker bodies.</summary>
    private sealed class SelfSignedMoonraker : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly Task loop;

        public SelfSignedMoonraker()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=voron.local", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var created = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(30));
            Certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
            listener.Start();
            loop = Task.Run(ServeAsync);
        }

        public X509Certificate2 Certificate { get; }

        public string Address => $"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

        public string Fingerprint => Convert.ToHexString(SHA256.HashData(Certificate.RawData));

        private async Task ServeAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await using var tls = new SslStream(client.GetStream());
                            await tls.AuthenticateAsServerAsync(Certificate);
                            using var reader = new StreamReader(tls, Encoding.ASCII, leaveOpen: true);
                            var line = await reader.ReadLineAsync() ?? string.Empty;
                            while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
                            {
                            }

                            var path = line.Split(' ')[1].Split('?')[0];
                            var file = path switch
                            {
                                "/server/info" => "server_info.json",
                                "/printer/info" => "printer_info.json",
                                "/server/files/list" => "files_list.json",
                                _ => null,
                            };
                            var body = file is null ? "{\"error\":{\"code\":404,\"message\":\"Not Found\"}}" : File.ReadAllText(Path.Combine(Recordings.Folder, "http", file));
                            var bytes = Encoding.UTF8.GetBytes(body);
                            var head = $"HTTP/1.1 {(file is null ? "404 Not Found" : "200 OK")}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                            await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
                            await tls.WriteAsync(bytes);
                        }
                        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
                        {
                            // The client refused our certificate: exactly what some tests expect.
                        }
                    }
                });
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            await loop;
            Certificate.Dispose();
            stop.Dispose();
        }
    }

    [Fact]
    public async Task Untrusted_certificate_is_refused_and_its_fingerprint_reported()
    {
        await using var server = new SelfSignedMoonraker();

        var result = await MoonrakerTesting.Driver().TestAsync(MoonrakerTesting.Printer(server.Address), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("Address", problem.Field);
        Assert.Contains("not trusted", problem.Message, StringComparison.Ordinal);
        Assert.Contains(CertificatePin.Format(server.Fingerprint), problem.Message, StringComparison.Ordinal);
        Assert.Equal(server.Fingerprint, result.PresentedCertificateSha256);
    }

    [Fact]
    public async Task Pinned_fingerprint_is_accepted_in_any_common_spelling()
    {
        await using var server = new SelfSignedMoonraker();
        var spelled = CertificatePin.Format(server.Fingerprint).ToLowerInvariant();

        var result = await MoonrakerTesting.Driver().TestAsync(MoonrakerTesting.Printer(server.Address, trustedSha256: spelled), CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.StartsWith("Moonraker v0.10.0-31-gd5ee171 · Klipper v0.13.0-730-g84104bbbd ready · 2 files", result.Summary, StringComparison.Ordinal);
        Assert.Equal(server.Fingerprint, result.PresentedCertificateSha256);
    }

    [Fact]
    public async Task A_different_pinned_fingerprint_is_refused()
    {
        await using var server = new SelfSignedMoonraker();

        var result = await MoonrakerTesting.Driver().TestAsync(MoonrakerTesting.Printer(server.Address, trustedSha256: new string('A', 64)), CancellationToken.None);

        Assert.Equal("Address", Assert.Single(result.Problems).Field);
        Assert.Equal(server.Fingerprint, result.PresentedCertificateSha256);
    }
}
