namespace PrintStash.Bench.Support;

/// <summary>Runs this benchmark program again as a fresh process (for first-call and peak-memory figures).</summary>
internal static class ChildProcess
{
    public static Task<ProcessResult> RunSelfAsync(string[] args, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath!;
        string[] full = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? [typeof(ChildProcess).Assembly.Location, .. args]
            : args;
        return ProcessRunner.RunAsync(self, full, cancellationToken, environment);
    }

    /// <summary>Parses "key=value key=value" output lines.</summary>
    public static Dictionary<string, string> ParseValues(string output) =>
        output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);
}
