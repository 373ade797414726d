using System.Diagnostics;
using System.Text;

namespace PrintStash.E2E.Infrastructure;

/// <summary>
/// PrintStash running as a real process (<c>dotnet PrintStash.Web.dll</c> from this test assembly's folder, where the
/// project reference copied it) on a free loopback port with its own temporary data folder.
/// </summary>
/// <remarks>
/// It runs in the Development environment because only there does ASP.NET Core read the build's static web assets
/// manifest (<c>PrintStash.Web.staticwebassets.runtime.json</c>), which maps <c>_content/Radzen.Blazor/…</c>, the
/// scoped CSS bundle and <c>wwwroot</c> to their build locations; in Production it expects published output.
/// </remarks>
public sealed class AppHost : IAsyncDisposable
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "e2e-admin-password";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock outputGate = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHost(Process process, string dataDirectory)
    {
        this.process = process;
        DataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; private set; } = default!;

    public string DataDirectory { get; }

    public bool HasExited => process.HasExited;

    /// <summary>Everything the app wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (outputGate)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the app; with <paramref name="bootstrapAdmin"/> it creates <see cref="AdminUser"/> at boot.
    /// <paramref name="arguments"/> go to the app's command line (e.g. <c>--demo</c>).
    /// </summary>
    public static async Task<AppHost> StartAsync(bool bootstrapAdmin, params string[] arguments)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("printstash-e2e-").FullName;
        var start = new ProcessStartInfo(DotnetHost(), [WebAssemblyPath(), .. arguments])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        foreach (var name in start.Environment.Keys.Where(IsInheritedAppSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["PRINTSTASH_DATA_DIR"] = dataDirectory;
        if (bootstrapAdmin)
        {
            start.Environment["PRINTSTASH_ADMIN_USER"] = AdminUser;
            start.Environment["PRINTSTASH_ADMIN_PASSWORD"] = AdminPassword;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new AppHost(process, dataDirectory);
        process.OutputDataReceived += (_, e) => host.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnOutput(e.Data);
        process.Exited += (_, _) => host.listening.TrySetException(new InvalidOperationException($"PrintStash exited with code {process.ExitCode} while starting:\n{host.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            host.BaseAddress = await host.listening.Task.WaitAsync(StartTimeout);
            await host.WaitUntilHealthyAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server at once, as a crash or a pulled plug would.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            process.Dispose();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is not worth failing a test over; the folder is in the temp area.
            }
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = CreateClient();
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not accepting connections yet.
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"PrintStash exited with code {process.ExitCode}:\n{Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (outputGate)
        {
            output.AppendLine(line);
        }

        const string marker = "Now listening on: ";
        var index = line.IndexOf(marker, StringComparison.Ordinal);
        if (index >= 0 && Uri.TryCreate(line[(index + marker.Length)..].Trim(), UriKind.Absolute, out var address))
        {
            listening.TrySetResult(address);
        }
    }

    private static bool IsInheritedAppSetting(string name) =>
        name.StartsWith("PRINTSTASH_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase);

    private static string WebAssemblyPath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "PrintStash.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("PrintStash.Web.dll is not next to the test assembly; build tests/PrintStash.E2E first.", path);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
