using System.Diagnostics;
using System.Globalization;

namespace PrintStash.Bench.Support;

/// <summary>
/// One Xvfb server for the whole benchmark (f3d crashes without a display). Starting it once keeps its start-up out
/// of f3d's timings, which favours the baseline. Stopped (by its own process handle) on dispose.
/// </summary>
internal sealed class VirtualDisplay : IAsyncDisposable
{
    private readonly Process process;

    private VirtualDisplay(Process process, string display)
    {
        this.process = process;
        Display = display;
    }

    public string Display { get; }

    public static async Task<VirtualDisplay?> StartAsync(CancellationToken cancellationToken)
    {
        if (!ProcessRunner.Exists("Xvfb"))
        {
            return null;
        }

        var number = Enumerable.Range(90, 100).First(n => !File.Exists($"/tmp/.X11-unix/X{n}") && !File.Exists($"/tmp/.X{n}-lock"));
        var display = ":" + number.ToString(CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo("Xvfb") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var socket = $"/tmp/.X11-unix/X{number}";
        var waited = Stopwatch.StartNew();
        while (!File.Exists(socket) && !process.HasExited && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, cancellationToken);
        }

        if (!File.Exists(socket))
        {
            process.Dispose();
            return null;
        }

        return new VirtualDisplay(process, display);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
