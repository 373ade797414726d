using System.Diagnostics;
using System.Text;

namespace PrintStash.Printers.Tests.TestSupport;

/// <summary>
/// A real vsftpd in implicit-TLS mode (like a Bambu printer's port 990) on a free loopback port, with its own temp config,
/// self-signed certificate, upload root and require_ssl_reuse=YES. vsftpd only logs in system users through PAM, so the
/// fixture keeps one dedicated local account (<see cref="Username"/>) with a known password; creating it needs root,
/// which scripts/test.sh has.
/// </summary>
internal sealed class VsftpdServer : IAsyncDisposable
{
    public const string Username = "printstash-ftps";
    public const string Password = "ftps-test-Pa55";
    private static readonly Lazy<Task> Account = new(EnsureAccountAsync);

    private readonly TempDirectory directory;
    private readonly StringBuilder log = new();
    private readonly Process process;

    private VsftpdServer(TempDirectory directory, Process process, int port, SelfSignedCertificate certificate)
    {
        this.directory = directory;
        this.process = process;
        Port = port;
        Certificate = certificate;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public SelfSignedCertificate Certificate { get; }

    /// <summary>The directory the FTP user sees as "/" (vsftpd's local_root).</summary>
    public string Root => Path.Combine(directory.Path, "root");

    public string ProtocolLog => File.Exists(directory.File("vsftpd.log")) ? File.ReadAllText(directory.File("vsftpd.log")) : "";

    public static async Task<VsftpdServer> StartAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The vsftpd fixture runs on Linux (scripts/test.sh, CI).");
        }

        var binary = ExternalTool.Locate("vsftpd", "PRINTSTASH_TEST_VSFTPD", "/usr/sbin/vsftpd");
        await Account.Value;
        var directory = new TempDirectory("printstash-vsftpd-");
        try
        {
            // The FTP user must be able to reach its root; the temp directory is created 0700.
            File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var root = Directory.CreateDirectory(Path.Combine(directory.Path, "root")).FullName;
            await ExternalTool.RunAsync("/bin/chown", [Username, root]);
            var emptyDirectory = Directory.CreateDirectory(Path.Combine(directory.Path, "empty")).FullName;
            var certificate = await SelfSignedCertificate.CreateAsync(directory.Path, "01S00C123400567");
            var port = ExternalTool.FreeLoopbackPort();
            var config = $"""
                listen=YES
                listen_address=127.0.0.1
                listen_port={port}
                background=NO
                anonymous_enable=NO
                local_enable=YES
                write_enable=YES
                local_umask=022
                local_root={root}
                chroot_local_user=YES
                allow_writeable_chroot=YES
                pam_service_name=vsftpd
                userlist_enable=NO
                ssl_enable=YES
                implicit_ssl=YES
                rsa_cert_file={certificate.CertificatePath}
                rsa_private_key_file={certificate.KeyPath}
                force_local_logins_ssl=YES
                force_local_data_ssl=YES
                require_ssl_reuse=YES
                ssl_ciphers=HIGH
                seccomp_sandbox=NO
                secure_chroot_dir={emptyDirectory}
                pasv_enable=YES
                pasv_address=127.0.0.1
                vsftpd_log_file={directory.File("vsftpd.log")}
                log_ftp_protocol=YES
                """;
            var configPath = directory.File("vsftpd.conf");
            await File.WriteAllTextAsync(configPath, config + "\n");
            var log = new StringBuilder();
            var process = ExternalTool.StartServer(binary, [configPath], log);
            var server = new VsftpdServer(directory, process, port, certificate);
            await ExternalTool.WaitUntilListeningAsync(process, port, () => log + server.ProtocolLog);
            return server;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ExternalTool.StopAsync(process);
        process.Dispose();
        directory.Dispose();
    }

    private static async Task EnsureAccountAsync()
    {
        {
            if (!File.ReadLines("/etc/passwd").Any(line => line.StartsWith(Username + ":", StringComparison.Ordinal)))
            {
                if (Environment.UserName != "root")
                {
                    throw new InvalidOperationException(
                        $"The FTPS tests log in to a real vsftpd as the local account '{Username}', which does not exist and only root can create. "
                        + "Run scripts/test.sh (as root, like CI) once, or: sudo useradd --system --no-create-home --home-dir / --shell /bin/sh "
                        + $"{Username} && echo '{Username}:{Password}' | sudo chpasswd");
                }

                await ExternalTool.RunAsync("/usr/sbin/useradd", ["--system", "--no-create-home", "--home-dir", "/", "--shell", "/bin/sh", Username]);
            }

            if (Environment.UserName == "root")
            {
                await ExternalTool.RunAsync("/usr/sbin/chpasswd", [], $"{Username}:{Password}\n");
            }
        }
    }
}
