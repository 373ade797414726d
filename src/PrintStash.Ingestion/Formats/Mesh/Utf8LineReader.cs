using System.Buffers;

namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>
/// Reads lines of bytes from a stream without allocating per line. Lines longer than the limit are reported
/// (<c>tooLong</c>) and skipped up to the next line break, so memory stays bounded whatever the input.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly CancellationToken _cancellationToken;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;

    /// <param name="stream">The source, read from its current position.</param>
    /// <param name="maxLineBytes">Longest line handed out; longer ones are skipped and flagged.</param>
    /// <param name="cancellationToken">Checked before each read.</param>
    /// <param name="prefix">Bytes already read from <paramref name="stream"/> that come first.</param>
    public Utf8LineReader(Stream stream, int maxLineBytes, CancellationToken cancellationToken, ReadOnlySpan<byte> prefix = default)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _cancellationToken = cancellationToken;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(64 * 1024, maxLineBytes + 1), prefix.Length));
        prefix.CopyTo(_buffer);
        _end = prefix.Length;
    }

    /// <summary>Next line without its line break (and without a trailing CR). False at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        tooLong = false;
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                tooLong = newline > _maxLineBytes;
                line = tooLong ? default : TrimCarriageReturn(pending[..newline]);
                Consume(newline + 1);
                return true;
            }

            if (pending.Length > _maxLineBytes)
            {
                tooLong = true;
                line = default;
                SkipRestOfLine();
                return true;
            }

            if (_endOfStream)
            {
                if (pending.IsEmpty)
                {
                    line = default;
                    return false;
                }

                tooLong = pending.Length > _maxLineBytes;
                line = tooLong ? default : TrimCarriageReturn(pending);
                Consume(pending.Length);
                return true;
            }

            Fill();
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void Consume(int count) => _start += count;

    private void Fill()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
    }

    private void SkipRestOfLine()
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Consume(newline + 1);
                return;
            }

            Consume(pending.Length);
            if (_endOfStream)
            {
                return;
            }

            Fill();
        }
    }
}
