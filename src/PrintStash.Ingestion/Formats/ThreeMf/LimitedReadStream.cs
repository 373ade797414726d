namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Read-only wrapper that throws <see cref="PackageLimitExceededException"/> once more than <c>limit</c> bytes come out
/// of the inner (decompressing) stream, and charges every byte to the package's <see cref="ByteBudget"/>.
/// </summary>
internal sealed class LimitedReadStream(Stream inner, long limit, string limitDescription, ByteBudget budget) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Ask for one byte more than allowed so that an over-long part is detected, not silently cut.
        var allowed = (int)Math.Min(buffer.Length, limit - _read + 1);
        var read = inner.Read(buffer[..Math.Max(allowed, 0)]);
        _read += read;
        budget.Charge(read);
        if (_read > limit)
        {
            throw new PackageLimitExceededException($"more than {limit} bytes decompressed ({limitDescription})");
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
