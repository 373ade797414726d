using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PrintStash.Ingestion.Slicing;

public sealed record SlicerRun(bool TimedOut, int ExitCode, IReadOnlyList<string> LastLines);

/// <summary>Runs a slicer CLI with a time limit (then kills the whole process tree), reporting "NN => step" progress lines.</summary>
public static partial class SlicerProcess
{
    private const int KeptLines = 20;

    public static async Task<SlicerRun> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan limit,
        Action<int, string> progress, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Headless: no display, and a private HOME so the slicer never reads or writes a user's own presets.
        start.Environment.Remove("DISPLAY");
        start.Environment.Remove("WAYLAND_DISPLAY");
        start.Environment["HOME"] = workingDirectory;

        var lines = new Queue<string>();
        var gate = new Lock();
        void Keep(string? line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }

            var match = ProgressLine().Match(line);
            if (match.Success)
            {
                progress(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value.Trim());
            }

            lock (gate)
            {
                lines.Enqueue(line.Length > 500 ? line[..500] : line);
                while (lines.Count > KeptLines)
                {
                    lines.Dequeue();
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }

        lock (gate)
        {
            return new SlicerRun(timedOut, timedOut ? -1 : process.ExitCode, lines.ToList());
        }
    }

    [GeneratedRegex(@"^\s*(\d{1,3}) => (.*)$")]
    private static partial Regex ProgressLine();
}
