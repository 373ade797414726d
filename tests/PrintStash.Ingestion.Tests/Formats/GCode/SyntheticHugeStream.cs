namespace PrintStash.Ingestion.Tests.Formats.GCode;

/// <summary>
/// A seekable read-only stream of any length that holds <c>head</c>, then a repeated body line, then <c>tail</c>, computed on
/// the fly: lets a test hand the reader a terabyte "file" and count what it reads.
/// </summary>
internal sealed class SyntheticHugeStream(byte[] head, byte[] body, byte[] tail, long length) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, Math.Max(0, length - position));
        for (var i = 0; i < count; i++)
        {
            buffer[i] = ByteAt(position + i);
        }

        position += count;
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private byte ByteAt(long at)
    {
        if (at < head.Length)
        {
            return head[at];
        }

        var fromEnd = length - at;
        return fromEnd <= tail.Length ? tail[tail.Length - fromEnd] : body[(at - head.Length) % body.Length];
    }
}
