using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.GCode;

namespace PrintStash.Ingestion.Tests.Formats.GCode;

/// <summary>Runs the reader on a corpus file through a <see cref="CountingStream"/>.</summary>
internal static class CorpusAnalysis
{
    public static async Task<(FileAnalysis Analysis, long BytesRead)> AnalyzeAsync(string file)
    {
        await using var stream = new CountingStream(System.IO.File.OpenRead(CorpusFiles.File(file)));
        var analysis = await GCodeReader.AnalyzeAsync(stream, CancellationToken.None);
        return (analysis, stream.BytesRead);
    }

    public static async Task<PrintMetadata> PrintAsync(string file)
    {
        var (analysis, _) = await AnalyzeAsync(file);
        Assert.NotNull(analysis.Print);
        return analysis.Print;
    }
}
