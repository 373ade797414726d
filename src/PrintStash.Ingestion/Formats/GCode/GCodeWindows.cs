using System.Buffers;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>The head and (for large files) the tail of a G-code file, in pooled buffers returned on dispose.</summary>
internal sealed class GCodeWindows : IDisposable
{
    private byte[]? headBuffer;
    private byte[]? tailBuffer;
    private readonly int headLength;
    private readonly int tailLength;

    private GCodeWindows(long fileLength, byte[] headBuffer, int headLength, byte[]? tailBuffer, int tailLength)
    {
        FileLength = fileLength;
        this.headBuffer = headBuffer;
        this.headLength = headLength;
        this.tailBuffer = tailBuffer;
        this.tailLength = tailLength;
    }

    public long FileLength { get; }

    public ReadOnlySpan<byte> Head => headBuffer.AsSpan(0, headLength);

    /// <summary>Empty when the head already covers the file.</summary>
    public ReadOnlySpan<byte> Tail => tailBuffer is null ? [] : tailBuffer.AsSpan(0, tailLength);

    /// <summary>False if the stream delivered fewer bytes than its length promised (file shrinking while read).</summary>
    public bool HeadReachesEnd => headLength == FileLength;

    public static async Task<GCodeWindows> ReadAsync(Stream stream, int headBytes, int tailBytes, CancellationToken cancellationToken)
    {
        var length = stream.Length;
        var wholeFile = length <= (long)headBytes + tailBytes;
        var headSize = (int)(wholeFile ? length : headBytes);
        var head = ArrayPool<byte>.Shared.Rent(Math.Max(headSize, 1));
        byte[]? tail = null;
        try
        {
            stream.Seek(0, SeekOrigin.Begin);
            var headRead = await stream.ReadAtLeastAsync(head.AsMemory(0, headSize), headSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var tailRead = 0;
            if (!wholeFile)
            {
                tail = ArrayPool<byte>.Shared.Rent(tailBytes);
                stream.Seek(length - tailBytes, SeekOrigin.Begin);
                tailRead = await stream.ReadAtLeastAsync(tail.AsMemory(0, tailBytes), tailBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }

            return new GCodeWindows(length, head, headRead, tail, tailRead);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(head);
            if (tail is not null)
            {
                ArrayPool<byte>.Shared.Return(tail);
            }

            throw;
        }
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
