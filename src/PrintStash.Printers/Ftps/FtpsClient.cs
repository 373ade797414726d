using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Ftps;

/// <summary>
/// A small FTPS client for printer storage: implicit TLS on the control channel, PBSZ 0 / PROT P, passive mode, binary
/// STOR over TLS. The data channel uses the same TLS settings and host name as the control channel so the TLS layer can
/// resume the control session (vsftpd's require_ssl_reuse and Bambu printers insist on it).
/// One command at a time: not thread-safe.
/// </summary>
public sealed partial class FtpsClient : IAsyncDisposable
{
    private const int CopyBufferSize = 128 * 1024;
    private readonly FtpsClientOptions options;
    private readonly TimeProvider timeProvider;
    private readonly TcpClient control;
    private readonly SslStream stream;
    private readonly FtpReplyReader replies;
    private readonly IPAddress serverAddress;
    private readonly string tlsName;
    private bool broken;

    private FtpsClient(FtpsClientOptions options, TimeProvider timeProvider, TcpClient control, SslStream stream, string certificateSha256, string tlsName)
    {
        this.tlsName = tlsName;
        this.options = options;
        this.timeProvider = timeProvider;
        this.control = control;
        this.stream = stream;
        replies = new FtpReplyReader(stream);
        serverAddress = ((IPEndPoint)control.Client.RemoteEndPoint!).Address;
        ServerCertificateSha256 = certificateSha256;
    }

    /// <summary>SHA-256 fingerprint of the server certificate: store it after trust on first use to pin it.</summary>
    public string ServerCertificateSha256 { get; }

    /// <summary>Connects, logs in and prepares binary transfers over an encrypted data channel.</summary>
    public static async Task<FtpsClient> ConnectAsync(FtpsClientOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var tcp = new TcpClient { NoDelay = true };
        SslStream? ssl = null;
        FtpsClient? client = null;
        try
        {
            using (var timeout = new CancellationTokenSource(options.ConnectTimeout, timeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    await tcp.ConnectAsync(options.Host, options.Port, linked.Token);
                    ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
                    var tlsName = SessionName(options);
                    var fingerprint = await TlsClientHandshake.AuthenticateAsync(ssl, tlsName, options.Trust, linked.Token, options.TlsProtocols);
                    client = new FtpsClient(options, timeProvider, tcp, ssl, fingerprint, tlsName);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"No TLS answer from {options.Host}:{options.Port} within {options.ConnectTimeout.TotalSeconds:0.#} s.");
                }
                catch (IOException ex)
                {
                    throw new FtpsException(FtpsFailure.ConnectionLost, $"The TLS handshake with {options.Host}:{options.Port} failed: {ex.Message}. Is this an implicit-TLS FTPS port?", null, ex);
                }
            }

            var greeting = await client.ReadReplyAsync(cancellationToken);
            if (greeting.Code != 220)
            {
                throw new FtpsException(FtpsFailure.Protocol, $"The server did not greet as an FTP server: {greeting}", greeting);
            }

            await client.LoginAsync(cancellationToken);
            await client.ExpectAsync("PBSZ 0", 200, FtpsFailure.Unsupported, "the server refused PBSZ 0", cancellationToken);
            await client.ExpectAsync("PROT P", 200, FtpsFailure.Unsupported, "the server refused an encrypted data channel (PROT P)", cancellationToken);
            await client.ExpectAsync("TYPE I", 200, FtpsFailure.Unsupported, "the server refused binary mode (TYPE I)", cancellationToken);
            return client;
        }
        catch
        {
            if (client is not null)
            {
                await client.CloseAsync();
            }
            else
            {
                ssl?.Dispose();
                tcp.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Uploads <paramref name="source"/> (from its current position to the end) to <paramref name="remotePath"/>, replacing
    /// an existing file. Reports bytes sent so far. On cancellation the partial file is deleted (best effort) and the
    /// client must be disposed.
    /// </summary>
    public async Task UploadAsync(Stream source, string remotePath, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ValidatePath(remotePath);
        ThrowIfBroken();
        using var data = await OpenDataConnectionAsync(cancellationToken);
        var reply = await CommandAsync("STOR " + remotePath, cancellationToken);
        if (!reply.IsPositivePreliminary)
        {
            throw new FtpsException(FtpsFailure.UploadRefused, $"upload refused: {reply}", reply);
        }

        long sent = 0;
        using var secure = new SslStream(data.GetStream(), leaveInnerStreamOpen: true);
        try
        {
            await TlsClientHandshake.AuthenticateAsync(secure, tlsName, PinTo(ServerCertificateSha256), cancellationToken, options.TlsProtocols);
            var buffer = new byte[CopyBufferSize];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await secure.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                sent += read;
                progress?.Report(sent);
            }

            await secure.FlushAsync(cancellationToken);
            // Send close_notify but never wait for the server's: printers often do not answer it (ha-bambulab notes the same).
            await secure.ShutdownAsync();
        }
        catch (OperationCanceledException)
        {
            data.Dispose();
            await AbandonUploadAsync(remotePath);
            throw;
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            data.Dispose();
            var failure = await TryReadReplyAsync();
            throw new FtpsException(FtpsFailure.UploadRefused,
                $"upload failed after {sent:N0} bytes: {failure?.ToString() ?? ex.Message}", failure, ex);
        }

        await CloseDataAsync(data);
        var final = await ReadReplyAsync(cancellationToken);
        if (final.IsPositiveCompletion)
        {
            return;
        }

        // Printers often answer 426 after a complete upload; trust the size instead.
        if (final.Code == 426 && await GetSizeAsync(remotePath, cancellationToken) == sent)
        {
            return;
        }

        throw new FtpsException(FtpsFailure.UploadRefused, $"upload refused: {final}", final);
    }

    /// <summary>
    /// Downloads <paramref name="remotePath"/> into <paramref name="destination"/>; stops with an error once more than
    /// <paramref name="maxBytes"/> arrive (the connection is unusable afterwards). Returns the byte count.
    /// </summary>
    public async Task<long> DownloadAsync(string remotePath, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ValidatePath(remotePath);
        ThrowIfBroken();
        using var data = await OpenDataConnectionAsync(cancellationToken);
        var reply = await CommandAsync("RETR " + remotePath, cancellationToken);
        if (!reply.IsPositivePreliminary)
        {
            throw new FtpsException(FtpsFailure.DownloadRefused, $"download refused: {reply}", reply);
        }

        long received = 0;
        using var secure = new SslStream(data.GetStream(), leaveInnerStreamOpen: true);
        try
        {
            await TlsClientHandshake.AuthenticateAsync(secure, tlsName, PinTo(ServerCertificateSha256), cancellationToken, options.TlsProtocols);
            var buffer = new byte[CopyBufferSize];
            int read;
            while ((read = await secure.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received += read;
                if (received > maxBytes)
                {
                    broken = true;
                    throw new FtpsException(FtpsFailure.DownloadRefused, $"{remotePath} is larger than the {maxBytes:N0} bytes allowed.");
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            // Printers often end the data connection without close_notify; the final reply decides.
            if (received == 0)
            {
                data.Dispose();
                var failure = await TryReadReplyAsync();
                throw new FtpsException(FtpsFailure.DownloadRefused, $"download failed: {failure?.ToString() ?? ex.Message}", failure, ex);
            }
        }
        catch (OperationCanceledException)
        {
            broken = true;
            throw;
        }

        data.Dispose();
        var final = await ReadReplyAsync(cancellationToken);
        if (!final.IsPositiveCompletion)
        {
            throw new FtpsException(FtpsFailure.DownloadRefused, $"download failed: {final}", final);
        }

        return received;
    }

    /// <summary>Size of a remote file in bytes, or null when the server does not know it (missing file or no SIZE support).</summary>
    public async Task<long?> GetSizeAsync(string remotePath, CancellationToken cancellationToken)
    {
        ValidatePath(remotePath);
        var reply = await CommandAsync("SIZE " + remotePath, cancellationToken);
        return reply.Code == 213 && long.TryParse(reply.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
    }

    /// <summary>Creates each missing directory of <paramref name="remoteDirectory"/>, one level at a time (MKD), ignoring ones that exist.</summary>
    public async Task CreateDirectoriesAsync(string remoteDirectory, CancellationToken cancellationToken)
    {
        ValidatePath(remoteDirectory);
        var path = remoteDirectory.StartsWith('/') ? "" : ".";
        foreach (var segment in remoteDirectory.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path += "/" + segment;
            var reply = await CommandAsync("MKD " + path, cancellationToken);
            if (!reply.IsPositiveCompletion && reply.Code != 550 && reply.Code != 521)
            {
                throw new FtpsException(FtpsFailure.UploadRefused, $"could not create folder {path}: {reply}", reply);
            }
        }
    }

    public async Task DeleteAsync(string remotePath, CancellationToken cancellationToken)
    {
        ValidatePath(remotePath);
        var reply = await CommandAsync("DELE " + remotePath, cancellationToken);
        if (!reply.IsPositiveCompletion)
        {
            throw new FtpsException(FtpsFailure.UploadRefused, $"delete refused: {reply}", reply);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!broken)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), timeProvider);
                await SendAsync("QUIT", timeout.Token);
                await replies.ReadAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or FtpsException or ObjectDisposedException)
            {
                // The server may close first; QUIT is a courtesy.
            }
        }

        await CloseAsync();
    }

    private async Task LoginAsync(CancellationToken cancellationToken)
    {
        var user = await CommandAsync("USER " + options.Username, cancellationToken);
        if (user.IsPositiveCompletion)
        {
            return;
        }

        if (!user.IsPositiveIntermediate)
        {
            throw new FtpsException(FtpsFailure.LoginRejected, $"login rejected: {user}", user);
        }

        var pass = await CommandAsync("PASS " + options.Password, cancellationToken);
        if (!pass.IsPositiveCompletion)
        {
            throw new FtpsException(FtpsFailure.LoginRejected, $"login rejected: {pass}", pass);
        }
    }

    private async Task<TcpClient> OpenDataConnectionAsync(CancellationToken cancellationToken)
    {
        var port = await EnterPassiveModeAsync(cancellationToken);
        var data = new TcpClient { NoDelay = true };
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // The address in a PASV reply is often a private or wrong one; the control connection's peer is the server.
            await data.ConnectAsync(serverAddress, port, linked.Token);
            return data;
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            data.Dispose();
            throw new FtpsException(FtpsFailure.Unsupported, $"could not open the passive data connection to port {port}: {ex.Message}", null, ex);
        }
    }

    private async Task<int> EnterPassiveModeAsync(CancellationToken cancellationToken)
    {
        var epsv = await CommandAsync("EPSV", cancellationToken);
        if (epsv.Code == 229)
        {
            var match = EpsvPort().Match(epsv.Text);
            if (match.Success && int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
            {
                return port;
            }

            throw new FtpsException(FtpsFailure.Protocol, $"The server's EPSV reply has no port: {epsv}", epsv);
        }

        var pasv = await CommandAsync("PASV", cancellationToken);
        if (pasv.Code == 227)
        {
            var match = PasvAddress().Match(pasv.Text);
            if (match.Success)
            {
                var high = int.Parse(match.Groups[5].ValueSpan, CultureInfo.InvariantCulture);
                var low = int.Parse(match.Groups[6].ValueSpan, CultureInfo.InvariantCulture);
                if (high is >= 0 and <= 255 && low is >= 0 and <= 255 && (high << 8 | low) > 0)
                {
                    return high << 8 | low;
                }
            }

            throw new FtpsException(FtpsFailure.Protocol, $"The server's PASV reply has no address: {pasv}", pasv);
        }

        throw new FtpsException(FtpsFailure.Unsupported, $"the server refused passive mode: {pasv}", pasv);
    }

    /// <summary>
    /// Half-closes the data socket and drains what the server still sends (TLS 1.3 session tickets, its close_notify) for a
    /// moment: closing a socket with unread input makes the kernel send RST, which can destroy the upload's last bytes.
    /// </summary>
    private async Task CloseDataAsync(TcpClient data)
    {
        try
        {
            data.Client.Shutdown(SocketShutdown.Send);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), timeProvider);
            var sink = new byte[4096];
            while (await data.Client.ReceiveAsync(sink, SocketFlags.None, timeout.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server closed first or stays silent; either way the final reply on the control channel decides.
        }
        finally
        {
            data.Dispose();
        }
    }

    private async Task AbandonUploadAsync(string remotePath)
    {
        // The server answers the aborted transfer (426/451); then the partial file goes, so nothing half-uploaded is left.
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), timeProvider);
            await replies.ReadAsync(timeout.Token);
            await SendAsync("DELE " + remotePath, timeout.Token);
            await replies.ReadAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or FtpsException or ObjectDisposedException)
        {
            broken = true;
        }
    }

    private async Task<FtpReply?> TryReadReplyAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), timeProvider);
            return await replies.ReadAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or FtpsException or ObjectDisposedException)
        {
            broken = true;
            return null;
        }
    }

    private async Task ExpectAsync(string command, int code, FtpsFailure failure, string what, CancellationToken cancellationToken)
    {
        var reply = await CommandAsync(command, cancellationToken);
        if (reply.Code != code)
        {
            throw new FtpsException(failure, $"{what}: {reply}", reply);
        }
    }

    private async Task<FtpReply> CommandAsync(string command, CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        await SendAsync(command, cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    private async Task SendAsync(string command, CancellationToken cancellationToken)
    {
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            broken = true;
            throw new FtpsException(FtpsFailure.ConnectionLost, $"The FTPS control connection broke: {ex.Message}", null, ex);
        }
    }

    private async Task<FtpReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.ReplyTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await replies.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            broken = true;
            throw new FtpsException(FtpsFailure.ConnectionLost, $"The FTPS server did not answer within {options.ReplyTimeout.TotalSeconds:0.#} s.");
        }
        catch (OperationCanceledException)
        {
            broken = true;
            throw;
        }
        catch (FtpsException)
        {
            broken = true;
            throw;
        }
        catch (IOException ex)
        {
            broken = true;
            throw new FtpsException(FtpsFailure.ConnectionLost, $"The FTPS control connection broke: {ex.Message}", null, ex);
        }
    }

    private void ThrowIfBroken()
    {
        if (broken)
        {
            throw new FtpsException(FtpsFailure.ConnectionLost, "The FTPS connection is unusable after an earlier failure; connect again.");
        }
    }

    private async Task CloseAsync()
    {
        broken = true;
        await stream.DisposeAsync();
        control.Dispose();
    }

    private static ServerCertificateTrust PinTo(string fingerprint) => ServerCertificateTrust.Pinned(fingerprint);

    /// <summary>
    /// The TLS host name of this client's control and data connections. The data connections must resume the control
    /// connection's TLS session, and the OS TLS layer caches one session per host name, process-wide, and none for IP
    /// addresses. So, unless the certificate is judged by its name (system trust), each client gets its own name — a
    /// random label in front of the configured name, the serial, or a placeholder for a bare IP — and concurrent clients
    /// (an upload and a thumbnail fetch, or the MQTT session to the same printer) never pick up each other's session.
    /// </summary>
    private static string SessionName(FtpsClientOptions options)
    {
        var name = options.TlsServerName is { Length: > 0 } configured ? configured : options.Host;
        if (options.Trust.Mode == ServerCertificateTrustMode.System)
        {
            return name;
        }

        if (IPAddress.TryParse(name, out var address))
        {
            name = address.ToString().Replace('.', '-').Replace(':', '-') + ".ip.invalid";
        }

        return "s" + Guid.NewGuid().ToString("N")[..16] + "." + name;
    }

    private static void ValidatePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException("A remote path cannot contain line breaks or NUL.", nameof(path));
        }
    }

    [GeneratedRegex(@"\(\s*(.)\1\1(\d+)\1\s*\)")]
    private static partial Regex EpsvPort();

    [GeneratedRegex(@"(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)")]
    private static partial Regex PasvAddress();
}
