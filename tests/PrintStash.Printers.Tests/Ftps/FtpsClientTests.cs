using System.Net;
using System.Net.Sockets;
using PrintStash.Printers.Ftps;
using PrintStash.Printers.Tests.TestSupport;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Tests.Ftps;

public sealed class FtpsClientTests
{
    [Fact]
    public async Task Upload_of_a_multi_megabyte_file_arrives_byte_for_byte_with_progress()
    {
        await using var server = await VsftpdServer.StartAsync();
        await using var client = await ConnectAsync(server);
        var content = RandomBytes(6 * 1024 * 1024 + 123);
        var progress = new RecordingProgress();

        await client.UploadAsync(new MemoryStream(content), "/bracket.gcode.3mf", progress, CancellationToken.None);

        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(server.Root, "bracket.gcode.3mf")));
        Assert.Equal(content.Length, progress.Values[^1]);
        Assert.Equal(progress.Values.Order(), progress.Values);
        Assert.Equal(content.Length, await client.GetSizeAsync("/bracket.gcode.3mf", CancellationToken.None));
        Assert.Equal(server.Certificate.Sha256, client.ServerCertificateSha256);
    }

    [Fact]
    public async Task Uploads_resume_the_tls_session_when_connecting_by_ip_address_without_a_server_name()
    {
        await using var server = await VsftpdServer.StartAsync();
        await using var client = await FtpsClient.ConnectAsync(Options(server) with { TlsServerName = null }, TimeProvider.System, CancellationToken.None);

        await client.UploadAsync(new MemoryStream(RandomBytes(2_000_000)), "/first.3mf", null, CancellationToken.None);
        await client.UploadAsync(new MemoryStream(RandomBytes(1_000_000)), "/second.3mf", null, CancellationToken.None);

        Assert.Equal(1_000_000, new FileInfo(Path.Combine(server.Root, "second.3mf")).Length);
    }

    [Fact]
    public async Task Download_returns_the_files_bytes_and_stops_at_the_size_limit()
    {
        await using var server = await VsftpdServer.StartAsync();
        var content = RandomBytes(1_500_000);
        await using (var uploader = await ConnectAsync(server))
        {
            await uploader.UploadAsync(new MemoryStream(content), "/job.gcode.3mf", null, CancellationToken.None);
        }

        await using var client = await ConnectAsync(server);
        var copy = new MemoryStream();
        Assert.Equal(content.Length, await client.DownloadAsync("/job.gcode.3mf", copy, 10_000_000, CancellationToken.None));
        Assert.Equal(content, copy.ToArray());

        var missing = await Assert.ThrowsAsync<FtpsException>(() => client.DownloadAsync("/nope.3mf", new MemoryStream(), 100, CancellationToken.None));
        Assert.StartsWith("download refused: 550", missing.Message, StringComparison.Ordinal);

        var limited = new MemoryStream();
        var tooBig = await Assert.ThrowsAsync<FtpsException>(() => client.DownloadAsync("/job.gcode.3mf", limited, 200_000, CancellationToken.None));
        Assert.Equal(FtpsFailure.DownloadRefused, tooBig.Failure);
        Assert.True(limited.Length <= 200_000);
    }

    [Fact]
    public async Task Upload_replaces_an_existing_file_and_works_twice_on_one_connection()
    {
        await using var server = await VsftpdServer.StartAsync();
        await using var client = await ConnectAsync(server);

        await client.UploadAsync(new MemoryStream(RandomBytes(300_000)), "/same.3mf", null, CancellationToken.None);
        var second = RandomBytes(1000);
        await client.UploadAsync(new MemoryStream(second), "/same.3mf", null, CancellationToken.None);

        Assert.Equal(second, await File.ReadAllBytesAsync(Path.Combine(server.Root, "same.3mf")));
    }

    [Fact]
    public async Task Folders_are_created_level_by_level_and_existing_ones_are_fine()
    {
        await using var server = await VsftpdServer.StartAsync();
        await using var client = await ConnectAsync(server);
        await client.CreateDirectoriesAsync("/farm", CancellationToken.None);

        await client.CreateDirectoriesAsync("/farm/week 47/plates", CancellationToken.None);
        await client.UploadAsync(new MemoryStream([1, 2, 3]), "/farm/week 47/plates/a.gcode.3mf", null, CancellationToken.None);

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(server.Root, "farm", "week 47", "plates", "a.gcode.3mf")));
    }

    [Fact]
    public async Task A_wrong_password_is_reported_as_login_rejected()
    {
        await using var server = await VsftpdServer.StartAsync();

        var error = await Assert.ThrowsAsync<FtpsException>(() => FtpsClient.ConnectAsync(Options(server) with { Password = "wrong" }, TimeProvider.System, CancellationToken.None));

        Assert.Equal(FtpsFailure.LoginRejected, error.Failure);
        Assert.StartsWith("login rejected: 530", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_the_server_refuses_names_the_servers_reply()
    {
        await using var server = await VsftpdServer.StartAsync();
        await using var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<FtpsException>(() => client.UploadAsync(new MemoryStream([1]), "/no/such/folder/x.3mf", null, CancellationToken.None));

        Assert.Equal(FtpsFailure.UploadRefused, error.Failure);
        Assert.StartsWith("upload refused: 553", error.Message, StringComparison.Ordinal);
        // The connection stays usable after a refusal.
        await client.UploadAsync(new MemoryStream([9]), "/after.3mf", null, CancellationToken.None);
        Assert.Equal([9], await File.ReadAllBytesAsync(Path.Combine(server.Root, "after.3mf")));
    }

    [Fact]
    public async Task Cancelling_an_upload_stops_it_and_removes_the_partial_file()
    {
        await using var server = await VsftpdServer.StartAsync();
        await using var client = await ConnectAsync(server);
        using var cancel = new CancellationTokenSource();
        var source = new CancellingStream(RandomBytes(8 * 1024 * 1024), cancelAfter: 1024 * 1024, cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.UploadAsync(source, "/partial.3mf", null, cancel.Token));

        Assert.True(source.Position < source.Length);
        Assert.False(File.Exists(Path.Combine(server.Root, "partial.3mf")), server.ProtocolLog);
    }

    [Fact]
    public async Task A_certificate_that_changed_after_pinning_is_refused()
    {
        await using var server = await VsftpdServer.StartAsync();
        var pin = string.Join(':', Enumerable.Repeat("01", 32));

        var error = await Assert.ThrowsAsync<CertificatePinMismatchException>(() => FtpsClient.ConnectAsync(Options(server) with { Trust = ServerCertificateTrust.Pinned(pin) }, TimeProvider.System, CancellationToken.None));

        Assert.Equal(server.Certificate.Sha256, error.PresentedSha256);
    }

    [Fact]
    public async Task The_pinned_certificate_is_accepted()
    {
        await using var server = await VsftpdServer.StartAsync();

        await using var client = await FtpsClient.ConnectAsync(Options(server) with { Trust = ServerCertificateTrust.Pinned(server.Certificate.Sha256) }, TimeProvider.System, CancellationToken.None);

        await client.UploadAsync(new MemoryStream([7]), "/pinned.3mf", null, CancellationToken.None);
    }

    [Fact]
    public async Task A_plain_ftp_server_on_the_port_fails_with_an_implicit_tls_hint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            using var peer = await listener.AcceptTcpClientAsync();
            await peer.GetStream().WriteAsync("220 plain FTP here\r\n"u8.ToArray());
            await Task.Delay(2000);
        });
        var options = new FtpsClientOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, Username = "u", Password = "p" };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => FtpsClient.ConnectAsync(options, TimeProvider.System, CancellationToken.None));

        Assert.Contains("implicit-TLS", error.Message, StringComparison.Ordinal);
        await serving;
    }

    [Fact]
    public async Task A_closed_port_fails_with_a_socket_error()
    {
        var options = new FtpsClientOptions { Host = "127.0.0.1", Port = ExternalTool.FreeLoopbackPort(), Username = "u", Password = "p" };

        await Assert.ThrowsAnyAsync<SocketException>(() => FtpsClient.ConnectAsync(options, TimeProvider.System, CancellationToken.None));
    }

    private static Task<FtpsClient> ConnectAsync(VsftpdServer server) => FtpsClient.ConnectAsync(Options(server), TimeProvider.System, CancellationToken.None);

    private static FtpsClientOptions Options(VsftpdServer server) => new()
    {
        Host = server.Host,
        Port = server.Port,
        Username = VsftpdServer.Username,
        Password = VsftpdServer.Password,
        TlsServerName = "01S00C123400567",
    };

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private sealed class RecordingProgress : IProgress<long>
    {
        public List<long> Values { get; } = [];

        public void Report(long value) => Values.Add(value);
    }

    /// <summary>Cancels the token once this many bytes were read, like a user pressing Cancel mid-upload.</summary>
    private sealed class CancellingStream(byte[] content, long cancelAfter, CancellationTokenSource cancel) : MemoryStream(content)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= cancelAfter)
            {
                await cancel.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return await base.ReadAsync(buffer, cancellationToken);
        }
    }
}
