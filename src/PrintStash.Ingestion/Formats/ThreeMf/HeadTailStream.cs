namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// A seekable stand-in for a long non-seekable stream (a zip entry) that keeps only its first and last bytes.
/// Readers that look only at a head and a tail window (the G-code reader) can use it; reading the dropped middle
/// throws <see cref="NotSupportedException"/>.
/// </summary>
internal sealed class HeadTailStream : Stream
{
    private readonly byte[] _head;
    private readonly byte[] _tail;
    private readonly long _length;
    private long _position;

    private HeadTailStream(byte[] head, byte[] tail, long length)
    {
        _head = head;
        _tail = tail;
        _length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, _length);
    }

    /// <summary>Reads <paramref name="source"/> to its end, keeping <paramref name="headBytes"/> and <paramref name="tailBytes"/>.</summary>
    public static HeadTailStream Capture(Stream source, int headBytes, int tailBytes, CancellationToken cancellationToken)
    {
        var head = new byte[headBytes];
        var headLength = source.ReadAtLeast(head, headBytes, throwOnEndOfStream: false);
        Array.Resize(ref head, headLength);
        long length = headLength;
        var ring = new byte[tailBytes];
        long ringWritten = 0;
        var chunk = new byte[64 * 1024];
        while (headLength == headBytes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = source.Read(chunk);
            if (read == 0)
            {
                break;
            }

            for (var offset = 0; offset < read;)
            {
                var at = (int)(ringWritten % tailBytes);
                var count = Math.Min(read - offset, tailBytes - at);
                chunk.AsSpan(offset, count).CopyTo(ring.AsSpan(at));
                offset += count;
                ringWritten += count;
            }

            length += read;
        }

        var kept = (int)Math.Min(ringWritten, tailBytes);
        var tail = new byte[kept];
        var start = (int)((ringWritten - kept) % Math.Max(1, tailBytes));
        var first = Math.Min(kept, tailBytes - start);
        ring.AsSpan(start, first).CopyTo(tail);
        ring.AsSpan(0, kept - first).CopyTo(tail.AsSpan(first));
        return new HeadTailStream(head, tail, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length && _position < _length)
        {
            int copied;
            var tailStart = _length - _tail.Length;
            if (_position < _head.Length)
            {
                copied = Math.Min(buffer.Length - total, _head.Length - (int)_position);
                _head.AsSpan((int)_position, copied).CopyTo(buffer[total..]);
            }
            else if (_position >= tailStart)
            {
                var at = (int)(_position - tailStart);
                copied = Math.Min(buffer.Length - total, _tail.Length - at);
                _tail.AsSpan(at, copied).CopyTo(buffer[total..]);
            }
            else
            {
                throw new NotSupportedException("The middle of this stream was not kept.");
            }

            _position += copied;
            total += copied;
        }

        return total;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
