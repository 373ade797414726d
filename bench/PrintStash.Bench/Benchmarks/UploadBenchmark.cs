using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using PrintStash.Bench.Support;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// Server memory while a 5 GiB file is streamed to POST /api/v1/files of the real app (dotnet PrintStash.Web.dll on
/// loopback, API key auth). The body is generated on the fly. Server RSS (/proc/pid/status VmRSS) is sampled every 100 ms.
/// Target: RSS growth ≤ 64 MiB over the RSS before the upload.
/// </summary>
internal sealed class UploadBenchmark : IBenchmark
{
    private const long UploadBytes = 5L << 30;
    private const long TargetGrowth = 64L << 20;
    private const long RequiredFree = 12L * 1000 * 1000 * 1000;
    private const string AdminUser = "benchadmin";
    private const string AdminPassword = "bench-password-not-secret";

    public string Name => "upload";

    public string Description => "5 GiB streamed multipart upload to the running app: server RSS growth (≤ 64 MiB) and throughput";

    public bool IncludedInAll => false;

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var dataDir = context.NewTempDir("upload");
        try
        {
            var free = new DriveInfo(dataDir).AvailableFreeSpace;
            if (free < RequiredFree)
            {
                Console.WriteLine($"  REFUSED: only {Stats.Bytes(free)} free under {dataDir}; the upload needs at least 12 GB free (5 GiB staged, then stored).");
                context.Record("upload", "≤ 64 MiB RSS growth", "not run: less than 12 GB free", false);
                return;
            }

            Console.WriteLine($"  disk: {MachineInfo.Disk(dataDir)}");
            var dll = await EnsureWebBuiltAsync(context, cancellationToken);
            var port = FreePort();
            var baseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
            var environment = new Dictionary<string, string>
            {
                ["PRINTSTASH_DATA_DIR"] = dataDir,
                ["PRINTSTASH_ADMIN_USER"] = AdminUser,
                ["PRINTSTASH_ADMIN_PASSWORD"] = AdminPassword,
                ["PRINTSTASH_UPLOADS__MAX_FILE_MEGABYTES"] = "8192",
                ["ASPNETCORE_URLS"] = baseUrl,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            };
            foreach (var extra in (context.Option("--server-env") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var pair = extra.Split('=', 2);
                environment[pair[0]] = pair.Length > 1 ? pair[1] : string.Empty;
                Console.WriteLine($"  server environment: {pair[0]}={environment[pair[0]]}");
            }

            var keyResult = await ProcessRunner.RunAsync("dotnet", [dll, "create-api-key", "--user", AdminUser, "--label", "bench"], cancellationToken, environment, Path.GetDirectoryName(dll));
            if (!keyResult.Succeeded)
            {
                throw new InvalidOperationException($"create-api-key failed (exit {keyResult.ExitCode}): {keyResult.StandardError}{keyResult.StandardOutput}");
            }

            var apiKey = keyResult.StandardOutput.Trim().Split('\n')[^1].Trim();
            using var server = StartServer(dll, environment);
            try
            {
                using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
                {
                    BaseAddress = new Uri(baseUrl),
                    Timeout = Timeout.InfiniteTimeSpan,
                };
                await WaitHealthyAsync(http, server, cancellationToken);
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                var idle = ProcStatus.Rss(server.Id) ?? 0;

                // Warm-up: one small upload through the same path (JIT, EF model, pools), then let the server settle.
                var warmup = await UploadAsync(http, 8L << 20, "warmup.gcode", cancellationToken);
                Console.WriteLine($"  warm-up upload (8 MiB): HTTP {(int)warmup.Status} in {Stats.Ms(warmup.Elapsed)}");
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                var before = ProcStatus.Rss(server.Id) ?? 0;

                using var sampling = new CancellationTokenSource();
                var samples = new List<(TimeSpan At, long Rss)>();
                var clock = Stopwatch.StartNew();
                var sampler = SampleAsync(server.Id, samples, clock, sampling.Token);
                var upload = await UploadAsync(http, UploadBytes, "bench-5gib.gcode", cancellationToken);
                var uploadEnd = clock.Elapsed;
                // Keep sampling a little: the processing worker picks the new file up right after the commit.
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                await sampling.CancelAsync();
                await sampler;

                var during = samples.Where(s => s.At <= uploadEnd).Select(s => s.Rss).DefaultIfEmpty(before).Max();
                var after = samples.Select(s => s.Rss).DefaultIfEmpty(before).Max();
                var growth = during - before;
                var ok = upload.Status == HttpStatusCode.Created;
                var pass = ok && growth <= TargetGrowth;

                var table = new ResultTable("Metric", "Value", "Target", "Verdict");
                table.Add("server RSS idle after start", Stats.MiB(idle), string.Empty, string.Empty);
                table.Add("server RSS before (after an 8 MiB warm-up upload)", Stats.MiB(before), string.Empty, string.Empty);
                table.Add($"server RSS peak during the 5 GiB upload ({samples.Count(s => s.At <= uploadEnd)} samples)", Stats.MiB(during), string.Empty, string.Empty);
                table.Add("RSS growth (peak − before)", Stats.MiB(growth), "≤ 64 MiB", pass ? "PASS" : "MISS");
                table.Add("RSS peak incl. 3 s after the response (processing)", Stats.MiB(after), string.Empty, string.Empty);
                table.Add("upload", $"{Stats.Bytes(UploadBytes)} in {Stats.Seconds(upload.Elapsed)} = {Stats.MiBPerSecond(UploadBytes, upload.Elapsed)}", string.Empty, string.Empty);
                table.Add("response", $"HTTP {(int)upload.Status} {Truncate(upload.Body, 90)}", "201 Created", ok ? "PASS" : "MISS");
                table.Print();
                PrintTimeline(samples, before);
                context.Record("upload: 5 GiB, server RSS growth", "≤ 64 MiB", $"{Stats.MiB(growth)} (peak {Stats.MiB(during)}, before {Stats.MiB(before)})", pass);
                context.Record("upload: 5 GiB accepted (HTTP 201); throughput for information", "201", $"HTTP {(int)upload.Status}, {Stats.MiBPerSecond(UploadBytes, upload.Elapsed)}", ok);
            }
            finally
            {
                if (!server.HasExited)
                {
                    server.Kill();
                    await server.WaitForExitAsync(cancellationToken);
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
            Console.WriteLine($"  removed {dataDir}");
        }
    }

    private static async Task<(HttpStatusCode Status, string Body, TimeSpan Elapsed)> UploadAsync(HttpClient http, long bytes, string name, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var part = new GeneratedContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", name);
        var stopwatch = Stopwatch.StartNew();
        using var response = await http.PostAsync("/api/v1/files", form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, body, stopwatch.Elapsed);
    }

    private static async Task SampleAsync(int pid, List<(TimeSpan At, long Rss)> samples, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                if (ProcStatus.Rss(pid) is { } rss)
                {
                    samples.Add((clock.Elapsed, rss));
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // Sampling ends when the upload has been measured.
        }
    }

    private static void PrintTimeline(List<(TimeSpan At, long Rss)> samples, long before)
    {
        if (samples.Count == 0)
        {
            return;
        }

        Console.Write("  RSS − before, every ~5 s (MiB):");
        var next = TimeSpan.Zero;
        foreach (var (at, rss) in samples)
        {
            if (at >= next)
            {
                Console.Write(string.Create(CultureInfo.InvariantCulture, $" {at.TotalSeconds:0}s:{(rss - before) / 1048576.0:0}"));
                next = at + TimeSpan.FromSeconds(5);
            }
        }

        Console.WriteLine();
    }

    private static Process StartServer(string dll, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the app.");
        // Drain the logs (they would block the server once the pipe is full); keep only warnings and errors on screen.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && (line.StartsWith("warn", StringComparison.Ordinal) || line.StartsWith("fail", StringComparison.Ordinal) || line.StartsWith("crit", StringComparison.Ordinal)))
            {
                Console.WriteLine("  [server] " + line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.WriteLine("  [server stderr] " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process server, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {server.ExitCode} during start-up.");
            }

            try
            {
                using var response = await http.GetAsync("/healthz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Console.WriteLine($"  app healthy after {Stats.Ms(waited.Elapsed)} (pid {server.Id})");
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("The app did not answer /healthz within 60 s.");
    }

    private static async Task<string> EnsureWebBuiltAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (context.Option("--web-dll") is { } given)
        {
            return Path.GetFullPath(given);
        }

        var project = Path.Combine(context.RepoRoot, "src", "PrintStash.Web", "PrintStash.Web.csproj");
        var dll = Path.Combine(context.RepoRoot, "src", "PrintStash.Web", "bin", "Release", "net10.0", "PrintStash.Web.dll");
        if (!context.HasFlag("--no-build"))
        {
            Console.WriteLine("  building src/PrintStash.Web (Release)...");
            var build = await ProcessRunner.RunAsync("dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "q"], cancellationToken);
            if (!build.Succeeded)
            {
                throw new InvalidOperationException($"dotnet build failed:\n{build.StandardOutput}\n{build.StandardError}");
            }
        }

        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the app first: dotnet build -c Release src/PrintStash.Web", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
