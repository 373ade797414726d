using PrintStash.Ingestion.Formats.BGCode;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Reads slicer metadata, object names and embedded thumbnails from text G-code (PrusaSlicer, SuperSlicer, OrcaSlicer,
/// Bambu Studio, Cura incl. Griffin, Simplify3D, Slic3r, Klipper-style files).
/// Only a bounded window is read: the whole file when it is at most <see cref="HeadWindowBytes"/> + <see cref="TailWindowBytes"/>,
/// otherwise the first and the last MiB. Bad content never throws: it is reported in <see cref="FileAnalysis.Problems"/>.
/// </summary>
public static class GCodeReader
{
    public const int HeadWindowBytes = 1 << 20;

    public const int TailWindowBytes = 1 << 20;

    /// <summary>Lines longer than this are skipped (a 10 MB single line costs one window read, not 10 MB of parsing).</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>Opens <paramref name="path"/> read-only and analyses it. I/O errors (missing file, no permission) propagate.</summary>
    public static async Task<FileAnalysis> AnalyzeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            return await AnalyzeAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Analyses a seekable stream from offset 0 (its current position is ignored and left undefined).
    /// Reads at most <see cref="HeadWindowBytes"/> + <see cref="TailWindowBytes"/> bytes, whatever the stream length, so a
    /// counting stream wrapper can measure the cost. A stream that starts with the binary G-code magic <c>GCDE</c> is handed
    /// to <see cref="BGCodeReader"/> after the head read (its own reads are bounded by its block limits).
    /// </summary>
    /// <exception cref="ArgumentException">The stream cannot read or cannot seek.</exception>
    public static async Task<FileAnalysis> AnalyzeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The G-code reader needs a readable, seekable stream.", nameof(stream));
        }

        using var windows = await GCodeWindows.ReadHeadAsync(stream, HeadWindowBytes, TailWindowBytes, cancellationToken).ConfigureAwait(false);
        if (windows.FileLength == 0)
        {
            return FileAnalysis.Empty(FileKind.GCode, "The file is empty.");
        }

        if (BGCodeReader.HasMagic(windows.Head))
        {
            return await BGCodeReader.AnalyzeAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        if (TextSniffer.LooksBinary(windows.Head))
        {
            return FileAnalysis.Empty(FileKind.GCode, "The file does not look like text G-code (binary content at the start).");
        }

        await windows.ReadTailAsync(cancellationToken).ConfigureAwait(false);
        var scanner = new GCodeScanner();
        scanner.Scan(windows.Head, startsMidLine: false, endsAtEndOfFile: windows.HeadIsWholeFile);
        if (!windows.Tail.IsEmpty)
        {
            scanner.SkipGap();
            scanner.Scan(windows.Tail, startsMidLine: true, endsAtEndOfFile: true);
        }

        return scanner.Build();
    }
}
