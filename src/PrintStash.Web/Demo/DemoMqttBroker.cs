using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PrintStash.Web.Demo;

/// <summary>
/// A mosquitto for the demo's Bambu printer (a real printer is its own broker; the simulator is a client of one): on a
/// free loopback port, TLS with a fresh self-signed certificate, one user from a password file, everything in a temp
/// folder that goes with it. <see cref="TryStartAsync"/> returns null when mosquitto is not installed.
/// </summary>
internal sealed class DemoMqttBroker : IAsyncDisposable
{
    /// <summary>Where Debian and most distributions put the broker (sbin is often not on a user's PATH).</summary>
    public static readonly IReadOnlyList<string> DefaultLocations = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/opt/homebrew/sbin/mosquitto"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private const int LogLines = 40;

    private readonly Process process;
    private readonly DirectoryInfo directory;
    private readonly Queue<string> log = new();

    private DemoMqttBroker(Process process, DirectoryInfo directory, int port, string certificateSha256)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
        CertificateSha256 = certificateSha256;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>Fingerprint of the broker's certificate ("AB:CD:…"), for pinning.</summary>
    public string CertificateSha256 { get; }

    /// <summary>The mosquitto binary on PATH or in <paramref name="extraLocations"/>, or null when it is not installed.</summary>
    public static string? Locate(IEnumerable<string> extraLocations)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "mosquitto"));
        return onPath.Concat(extraLocations).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Starts mosquitto with a single user; null when <paramref name="binary"/> is null (not installed). Throws
    /// <see cref="InvalidOperationException"/> with mosquitto's own words when it is installed but will not start.
    /// </summary>
    public static async Task<DemoMqttBroker?> TryStartAsync(
        string? binary, string userName, string password, string certificateCommonName, TimeProvider time, CancellationToken cancellationToken)
    {
        if (binary is null)
        {
            return null;
        }

        var directory = Directory.CreateTempSubdirectory("printstash-demo-mosquitto-");
        try
        {
            var certificate = DemoBrokerCertificate.Create(certificateCommonName, time);
            var certificatePath = await WriteAsync(directory, "server.crt", certificate.CertificatePem, cancellationToken);
            var keyPath = await WriteAsync(directory, "server.key", certificate.PrivateKeyPem, cancellationToken);
            var passwordPath = await WriteAsync(directory, "passwd", MosquittoPasswordFile.Line(userName, password) + "\n", cancellationToken);

            // A port probed free can be taken before mosquitto binds it; try a few.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                var configPath = await WriteAsync(directory, "mosquitto.conf", Config(port, passwordPath, certificatePath, keyPath), cancellationToken);
                var broker = new DemoMqttBroker(Start(binary, configPath), directory, port, certificate.Sha256);
                if (await broker.WaitUntilListeningAsync(time, cancellationToken))
                {
                    return broker;
                }

                var output = broker.Output;
                await broker.StopProcessAsync();
                if (attempt == 3 || !output.Contains("in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"mosquitto did not start: {(output.Length == 0 ? "no output" : output)}");
                }
            }
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>The last lines mosquitto wrote (for messages when it fails).</summary>
    public string Output
    {
        get
        {
            lock (log)
            {
                return string.Join(" ", log);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync();
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing shutdown over.
        }
    }

    private static string Config(int port, string passwordPath, string certificatePath, string keyPath)
    {
        var config = new StringBuilder()
            .AppendLine("per_listener_settings false")
            .AppendLine("allow_anonymous false")
            .AppendLine($"password_file {passwordPath}")
            .AppendLine("persistence false")
            .AppendLine("log_dest stderr")
            .AppendLine("log_type error")
            .AppendLine("log_type warning");
        if (Environment.UserName == "root")
        {
            // As root mosquitto switches to the "mosquitto" user, which cannot read this private temp folder.
            config.AppendLine("user root");
        }

        return config
            .AppendLine($"listener {port} 127.0.0.1")
            .AppendLine($"certfile {certificatePath}")
            .AppendLine($"keyfile {keyPath}")
            .ToString();
    }

    private static async Task<string> WriteAsync(DirectoryInfo directory, string name, string content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory.FullName, name);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
        return path;
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static Process Start(string binary, string configPath)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(configPath);
        return new Process { StartInfo = start };
    }

    private async Task<bool> WaitUntilListeningAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var started = time.GetTimestamp();
        while (!process.HasExited && time.GetElapsedTime(started) < StartTimeout)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            }
        }

        if (process.HasExited)
        {
            // Let the output readers catch up with a process that died at once.
            await process.WaitForExitAsync(cancellationToken);
        }

        return false;
    }

    private void Remember(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (log)
        {
            log.Enqueue(line.Trim());
            while (log.Count > LogLines)
            {
                log.Dequeue();
            }
        }
    }

    private async Task StopProcessAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        finally
        {
            process.Dispose();
        }
    }
}
