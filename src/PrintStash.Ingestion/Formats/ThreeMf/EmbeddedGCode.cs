using PrintStash.Ingestion.Formats.GCode;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Hands a sliced package's <c>Metadata/plate_N.gcode</c> to <see cref="GCodeReader"/>. The entry is decompressed once,
/// keeping only the head and tail windows the G-code reader looks at (memory stays at about 2 MiB).
/// </summary>
internal static class EmbeddedGCode
{
    public static async Task<FileAnalysis?> AnalyzeAsync(SafeZipPackage package, string part, ThreeMfLimits limits, List<string> problems, CancellationToken cancellationToken)
    {
        using var stream = package.OpenPart(part, limits.MaxModelPartBytes, problems);
        if (stream is null)
        {
            return null;
        }

        try
        {
            await using var windows = HeadTailStream.Capture(stream, GCodeReader.HeadWindowBytes, GCodeReader.TailWindowBytes, cancellationToken);
            return await GCodeReader.AnalyzeAsync(windows, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SafeZipPackage.IsContentError(ex) || ex is ArgumentException)
        {
            problems.Add($"Embedded G-code '{part}' could not be read: {ex.Message}");
            return null;
        }
    }
}
