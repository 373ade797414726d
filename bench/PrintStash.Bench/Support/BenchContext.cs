using System.Globalization;

namespace PrintStash.Bench.Support;

/// <summary>Where things are (repository, corpus, cache), the options given on the command line, and the verdicts so far.</summary>
internal sealed class BenchContext
{
    private readonly string[] options;

    private BenchContext(string repoRoot, string corpusDir, string cacheDir, string[] options)
    {
        RepoRoot = repoRoot;
        CorpusDir = corpusDir;
        CacheDir = cacheDir;
        this.options = options;
    }

    public string RepoRoot { get; }

    /// <summary>The shared test corpus (PRINTSTASH_CORPUS, default ../shared/corpus next to the repository).</summary>
    public string CorpusDir { get; }

    /// <summary>Generated inputs kept between runs (the 1 GiB G-code, the big sphere STL): PRINTSTASH_BENCH_CACHE or /tmp/printstash-bench-cache.</summary>
    public string CacheDir { get; }

    public List<Verdict> Verdicts { get; } = [];

    public static BenchContext Create(string[] options)
    {
        var repoRoot = FindRepoRoot();
        var corpus = Environment.GetEnvironmentVariable("PRINTSTASH_CORPUS") is { Length: > 0 } c
            ? c
            : Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "corpus"));
        var cache = Environment.GetEnvironmentVariable("PRINTSTASH_BENCH_CACHE") is { Length: > 0 } d
            ? d
            : Path.Combine(Path.GetTempPath(), "printstash-bench-cache");
        Directory.CreateDirectory(cache);
        return new BenchContext(repoRoot, corpus, cache, options);
    }

    public bool HasFlag(string name) => options.Contains(name, StringComparer.Ordinal);

    public string? Option(string name)
    {
        var index = Array.IndexOf(options, name);
        return index >= 0 && index + 1 < options.Length ? options[index + 1] : null;
    }

    public int IntOption(string name, int fallback) =>
        Option(name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public string NewTempDir(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"printstash-bench-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public void Record(string benchmark, string target, string measured, bool pass) =>
        Verdicts.Add(new Verdict(benchmark, target, measured, pass));

    public void PrintSummary()
    {
        if (Verdicts.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("=== Summary");
        var table = new ResultTable("Benchmark", "Target", "Measured", "Verdict");
        foreach (var v in Verdicts)
        {
            table.Add(v.Benchmark, v.Target, v.Measured, v.Pass ? "PASS" : "MISS");
        }

        table.Print();
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PrintStash.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the PrintStash repository (PrintStash.sln not found).");
    }
}

internal sealed record Verdict(string Benchmark, string Target, string Measured, bool Pass);
