using System.Diagnostics;
using System.Text;

namespace PrintStash.Web.Tests.TestSupport;

/// <summary>Where the repository's tools/ are, and running a program with a clean, chosen environment and a time limit.</summary>
internal static class HookRunner
{
    private static readonly Lazy<string> RepoRoot = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "tools", "printstash-upload.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("tools/printstash-upload.sh was not found above " + AppContext.BaseDirectory);
    });

    public static string HookScript => Path.Combine(RepoRoot.Value, "tools", "printstash-upload.sh");

    public static string SlicerConfig(string name) => Path.Combine(CorpusLocation.Root, "configs", name);

    public static string? PrusaSlicer => FindOnPath("prusa-slicer");

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    public sealed record Run(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)
    {
        public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0}s\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
    }

    public static async Task<Run> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan? limit = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("PRINTSTASH_", StringComparison.Ordinal) || k.StartsWith("SLIC3R_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in time.");
        }

        return new Run(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
