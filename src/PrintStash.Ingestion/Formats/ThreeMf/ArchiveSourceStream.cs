namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Wraps the package stream handed to <see cref="System.IO.Compression.ZipArchive"/>. Corrupt archives make the zip
/// reader seek before the start or read with impossible counts; those surface here as <see cref="InvalidDataException"/>
/// (bad content) instead of <see cref="IOException"/> or <see cref="ArgumentException"/>, which would look like a failing
/// disk or a bug. Genuine I/O errors of the inner stream pass through unchanged.
/// </summary>
internal sealed class ArchiveSourceStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = Check(value);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (buffer is null || offset < 0 || count < 0 || offset > buffer.Length - count)
        {
            throw new InvalidDataException("The archive describes a read that does not fit (corrupt sizes).");
        }

        return inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override int ReadByte() => inner.ReadByte();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => inner.Position + offset,
            _ => inner.Length + offset,
        };
        return inner.Seek(Check(target), SeekOrigin.Begin);
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private long Check(long position) => position < 0 || position > inner.Length
        ? throw new InvalidDataException("The archive points outside the file (corrupt offsets).")
        : position;
}
