using System.Diagnostics;
using System.Text;

namespace PrintStash.Printers.Tests.TestSupport;

/// <summary>
/// A real mosquitto on a free loopback port with its own temp config, password file and (optionally) a self-signed
/// certificate. Each test starts its own; <see cref="RestartAsync"/> stops and starts it on the same port.
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Username = "bblp";
    public const string Password = "12345678";
    public const string CertificateCommonName = "01S00C123400567";

    private readonly TempDirectory directory;
    private readonly string binary;
    private readonly string configPath;
    private readonly StringBuilder log = new();
    private Process? process;

    private MosquittoBroker(TempDirectory directory, string binary, string configPath, int port, SelfSignedCertificate? certificate)
    {
        this.directory = directory;
        this.binary = binary;
        this.configPath = configPath;
        Port = port;
        Certificate = certificate;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>Null when the broker speaks plain TCP.</summary>
    public SelfSignedCertificate? Certificate { get; }

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public static async Task<MosquittoBroker> StartAsync(bool tls = true, IReadOnlyDictionary<string, string>? users = null)
    {
        var binary = ExternalTool.Locate("mosquitto", "PRINTSTASH_TEST_MOSQUITTO", "/usr/sbin/mosquitto", "/usr/bin/mosquitto");
        var passwd = ExternalTool.Locate("mosquitto", "PRINTSTASH_TEST_MOSQUITTO_PASSWD", "/usr/bin/mosquitto_passwd");
        var directory = new TempDirectory("printstash-mosquitto-");
        try
        {
            var passwordFile = directory.File("passwd");
            await File.WriteAllTextAsync(passwordFile, "");
            foreach (var (user, password) in users ?? new Dictionary<string, string> { [Username] = Password })
            {
                await ExternalTool.RunAsync(passwd, ["-b", passwordFile, user, password]);
            }

            var certificate = tls ? await SelfSignedCertificate.CreateAsync(directory.Path, CertificateCommonName) : null;
            var port = ExternalTool.FreeLoopbackPort();
            var config = new StringBuilder()
                .AppendLine("per_listener_settings false")
                .AppendLine("allow_anonymous false")
                .AppendLine($"password_file {passwordFile}")
                .AppendLine("persistence false")
                .AppendLine("log_dest stderr")
                .AppendLine("log_type error")
                .AppendLine("log_type warning")
                .AppendLine("log_type notice")
                .AppendLine(Environment.UserName == "root" ? "user root" : "")
                .AppendLine($"listener {port} 127.0.0.1");
            if (certificate is not null)
            {
                config.AppendLine($"certfile {certificate.CertificatePath}").AppendLine($"keyfile {certificate.KeyPath}");
            }

            var configPath = directory.File("mosquitto.conf");
            await File.WriteAllTextAsync(configPath, config.ToString());
            var broker = new MosquittoBroker(directory, binary, configPath, port, certificate);
            await broker.StartProcessAsync();
            return broker;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public async Task StopAsync()
    {
        if (process is not null)
        {
            await ExternalTool.StopAsync(process);
            process.Dispose();
            process = null;
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        directory.Dispose();
    }

    private async Task StartProcessAsync()
    {
        process = ExternalTool.StartServer(binary, ["-c", configPath], log);
        await ExternalTool.WaitUntilListeningAsync(process, Port, () => Log);
    }
}
