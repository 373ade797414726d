using System.Buffers.Binary;
using System.IO.Compression;
using PrintStash.Ingestion.Imaging;

namespace PrintStash.Ingestion.Formats.BGCode;

/// <summary>
/// Reads the blocks before the first G-code block, one at a time, bounded: every declared size is checked against the file
/// length and a per-block limit before anything is allocated; CRC32 is verified where the file has checksums.
/// </summary>
internal sealed class BGCodeBlockReader(Stream stream, long length, int checksumSize, ICollection<string> problems)
{
    public const int MaxMetadataBytes = 4 << 20;
    public const int MaxThumbnailBytes = 8 << 20;

    /// <summary>The outcome of one step: a block to use, a block skipped (with a problem), or the end of the metadata part.</summary>
    public readonly record struct Step(BGCodeBlock? Block, long NextOffset, bool Stop);

    public async Task<Step> ReadAsync(long offset, CancellationToken cancellationToken)
    {
        if (offset >= length)
        {
            problems.Add("The file ends before any G-code block.");
            return new Step(null, offset, Stop: true);
        }

        var headerBytes = new byte[(int)Math.Min(BGCodeBlockHeader.MaxSize, length - offset)];
        await ReadExactlyAtAsync(offset, headerBytes, cancellationToken).ConfigureAwait(false);
        if (!BGCodeBlockHeader.TryParse(headerBytes, offset, out var header))
        {
            problems.Add($"Truncated block header at offset {offset}.");
            return new Step(null, offset, Stop: true);
        }

        if (!header.IsKnownType)
        {
            problems.Add($"Unknown block type {header.RawType} at offset {offset}; the rest of the file was not read.");
            return new Step(null, offset, Stop: true);
        }

        var total = header.TotalSize(checksumSize);
        if (total > length - offset)
        {
            problems.Add($"{header.Describe()} declares {header.StoredDataSize} bytes of data ({total} with header and checksum) but only {length - offset} remain (truncated).");
            return new Step(null, offset, Stop: true);
        }

        var next = offset + total;
        if (header.Type == BGCodeBlockType.GCode)
        {
            return new Step(null, offset, Stop: true);
        }

        if (!header.IsKnownCompression)
        {
            problems.Add($"{header.Describe()} uses unknown compression {header.RawCompression}; block skipped.");
            return new Step(null, next, Stop: false);
        }

        var limit = header.Type == BGCodeBlockType.Thumbnail ? MaxThumbnailBytes : MaxMetadataBytes;
        if (header.StoredDataSize > limit || header.UncompressedSize > limit)
        {
            problems.Add($"{header.Describe()} declares {Math.Max(header.StoredDataSize, header.UncompressedSize)} bytes, more than the {limit}-byte limit; block skipped.");
            return new Step(null, next, Stop: false);
        }

        var raw = new byte[total];
        await ReadExactlyAtAsync(offset, raw, cancellationToken).ConfigureAwait(false);
        VerifyChecksum(header, raw);
        var parameters = raw.AsSpan(header.Size, header.ParametersSize).ToArray();
        var stored = raw.AsSpan(header.Size + header.ParametersSize, (int)header.StoredDataSize);
        var data = Decompress(header, stored);
        return new Step(data is null ? null : new BGCodeBlock(header, parameters, data), next, Stop: false);
    }

    private void VerifyChecksum(BGCodeBlockHeader header, byte[] raw)
    {
        if (checksumSize == 0)
        {
            return;
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 4));
        var computed = Crc32.Compute(raw.AsSpan(0, raw.Length - 4));
        if (stored != computed)
        {
            problems.Add($"{header.Describe()}: CRC32 mismatch (stored {stored:X8}, computed {computed:X8}); the content may be damaged.");
        }
    }

    private byte[]? Decompress(BGCodeBlockHeader header, ReadOnlySpan<byte> stored)
    {
        switch (header.Compression)
        {
            case BGCodeCompression.None:
                return stored.ToArray();
            case BGCodeCompression.Deflate:
                return Inflate(header, stored.ToArray());
            default:
                // PrusaSlicer uses heatshrink only for G-code blocks, which are never decoded here.
                problems.Add($"{header.Describe()} uses heatshrink compression, which is only supported for G-code blocks; block skipped.");
                return null;
        }
    }

    private byte[]? Inflate(BGCodeBlockHeader header, byte[] compressed)
    {
        try
        {
            using var input = new MemoryStream(compressed, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var output = new byte[header.UncompressedSize];
            var read = zlib.ReadAtLeast(output, output.Length, throwOnEndOfStream: false);
            if (read < output.Length || zlib.ReadByte() != -1)
            {
                problems.Add($"{header.Describe()}: inflated size differs from the declared {header.UncompressedSize} bytes; block skipped.");
                return null;
            }

            return output;
        }
        catch (InvalidDataException ex)
        {
            problems.Add($"{header.Describe()}: the deflate data is corrupted ({ex.Message}); block skipped.");
            return null;
        }
    }

    private async Task ReadExactlyAtAsync(long offset, byte[] buffer, CancellationToken cancellationToken)
    {
        stream.Seek(offset, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
    }
}
