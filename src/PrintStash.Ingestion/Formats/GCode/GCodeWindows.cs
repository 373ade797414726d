using System.Buffers;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// The head and (for large files) the tail of a G-code file, in pooled buffers returned on dispose. The head is read first so
/// a caller can reject binary content before the tail costs another read.
/// </summary>
internal sealed class GCodeWindows : IDisposable
{
    private readonly Stream stream;
    private readonly int tailBytes;
    private byte[]? headBuffer;
    private byte[]? tailBuffer;
    private int headLength;
    private int tailLength;

    private GCodeWindows(Stream stream, long fileLength, int tailBytes)
    {
        this.stream = stream;
        FileLength = fileLength;
        this.tailBytes = tailBytes;
    }

    public long FileLength { get; }

    public ReadOnlySpan<byte> Head => headBuffer.AsSpan(0, headLength);

    /// <summary>Empty until <see cref="ReadTailAsync"/>, and when the head already covers the file.</summary>
    public ReadOnlySpan<byte> Tail => tailBuffer.AsSpan(0, tailLength);

    /// <summary>True when the head is the whole file (small file); false also if the stream delivered less than its length.</summary>
    public bool HeadIsWholeFile => headLength == FileLength;

    /// <summary>Reads the whole file if it fits in head + tail, otherwise the first <paramref name="headBytes"/>.</summary>
    public static async Task<GCodeWindows> ReadHeadAsync(Stream stream, int headBytes, int tailBytes, CancellationToken cancellationToken)
    {
        var length = stream.Length;
        var size = (int)(length <= (long)headBytes + tailBytes ? length : headBytes);
        var windows = new GCodeWindows(stream, length, tailBytes);
        try
        {
            windows.headBuffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
            stream.Seek(0, SeekOrigin.Begin);
            windows.headLength = await stream.ReadAtLeastAsync(windows.headBuffer.AsMemory(0, size), size, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return windows;
        }
        catch
        {
            windows.Dispose();
            throw;
        }
    }

    /// <summary>Reads the last <c>tailBytes</c> when the head did not cover the file.</summary>
    public async Task ReadTailAsync(CancellationToken cancellationToken)
    {
        if (FileLength <= headLength + (long)tailBytes || tailBuffer is not null)
        {
            return;
        }

        tailBuffer = ArrayPool<byte>.Shared.Rent(tailBytes);
        stream.Seek(FileLength - tailBytes, SeekOrigin.Begin);
        tailLength = await stream.ReadAtLeastAsync(tailBuffer.AsMemory(0, tailBytes), tailBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (headBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(headBuffer);
            headBuffer = null;
        }

        if (tailBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(tailBuffer);
            tailBuffer = null;
        }
    }
}
