namespace PrintStash.Bench.Support;

/// <summary>Incompressible, unique bytes: every file gets its own random content, so content-addressed dedupe cannot cheat.</summary>
internal static class RandomContent
{
    public static async Task<long> WriteFileAsync(string path, long size, Random random, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        var left = size;
        while (left > 0)
        {
            var n = (int)Math.Min(buffer.Length, left);
            random.NextBytes(buffer.AsSpan(0, n));
            await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            left -= n;
        }

        return size;
    }
}

/// <summary>
/// A read-only, non-seekable stream of <paramref name="length"/> pseudo-random bytes made on the fly (nothing on disk):
/// a 16 MiB random pool walked with an offset that shifts on every pass, so the body does not repeat with a 16 MiB period.
/// </summary>
internal sealed class GeneratedStream(long length) : Stream
{
    private const int PoolBytes = 16 << 20;
    private readonly byte[] pool = CreatePool();
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - position);
        var written = 0;
        while (written < n)
        {
            var block = position + written;
            var cycle = block / PoolBytes;
            var start = (int)((block + (cycle * 7919)) % PoolBytes);
            var take = Math.Min(n - written, PoolBytes - start);
            pool.AsSpan(start, take).CopyTo(buffer[written..]);
            written += take;
        }

        position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static byte[] CreatePool()
    {
        var bytes = new byte[PoolBytes];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
