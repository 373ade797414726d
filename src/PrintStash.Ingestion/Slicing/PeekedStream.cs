namespace PrintStash.Ingestion.Slicing;

/// <summary>A forward-only stream that replays bytes already read from <paramref name="rest"/> before continuing with it.</summary>
internal sealed class PeekedStream(byte[] head, int headLength, Stream rest) : Stream
{
    private int position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Reads up to <paramref name="limit"/> bytes from the start of <paramref name="source"/>.</summary>
    public static async Task<(byte[] Head, int Length)> ReadHeadAsync(Stream source, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit];
        var length = 0;
        int read;
        while (length < limit && (read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return (buffer, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position < headLength)
        {
            var n = Math.Min(buffer.Length, headLength - position);
            head.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        return rest.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position < headLength)
        {
            var n = Math.Min(buffer.Length, headLength - position);
            head.AsMemory(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        return await rest.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
