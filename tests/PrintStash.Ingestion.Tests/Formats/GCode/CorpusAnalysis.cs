using System.Collections.Concurrent;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.GCode;

namespace PrintStash.Ingestion.Tests.Formats.GCode;

/// <summary>
/// Runs the reader on a corpus file through a <see cref="CountingStream"/>. The corpus is read-only and the analysis is a pure
/// function of the file, so each file is analysed once per test run and shared by the theories that check different values.
/// </summary>
internal static class CorpusAnalysis
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<(FileAnalysis Analysis, long BytesRead)>>> Results = new(StringComparer.Ordinal);

    public static Task<(FileAnalysis Analysis, long BytesRead)> AnalyzeAsync(string file) =>
        Results.GetOrAdd(file, name => new Lazy<Task<(FileAnalysis, long)>>(() => RunAsync(name))).Value;

    public static async Task<PrintMetadata> PrintAsync(string file)
    {
        var (analysis, _) = await AnalyzeAsync(file);
        Assert.NotNull(analysis.Print);
        return analysis.Print;
    }

    private static async Task<(FileAnalysis, long)> RunAsync(string file)
    {
        await using var stream = new CountingStream(System.IO.File.OpenRead(CorpusFiles.File(file)));
        var analysis = await GCodeReader.AnalyzeAsync(stream, CancellationToken.None);
        return (analysis, stream.BytesRead);
    }
}
