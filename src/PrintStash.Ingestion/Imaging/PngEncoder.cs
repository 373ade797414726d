using System.Buffers.Binary;
using System.IO.Compression;

namespace PrintStash.Ingestion.Imaging;

/// <summary>Writes 8-bit RGBA pixels as a PNG (colour type 6, no interlace, adaptive row filters, zlib via the BCL).</summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes <paramref name="rgba"/> (row-major, 4 bytes per pixel, top row first) as PNG bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Width or height is not positive.</exception>
    /// <exception cref="ArgumentException">The buffer does not hold exactly width × height × 4 bytes.</exception>
    public static byte[] EncodeRgba(ReadOnlySpan<byte> rgba, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var stride = (long)width * 4;
        if (stride + 1 > int.MaxValue || stride * height != rgba.Length)
        {
            throw new ArgumentException($"Expected {stride * height} bytes for {width}x{height} RGBA, got {rgba.Length}.", nameof(rgba));
        }

        using var output = new MemoryStream();
        output.Write(Signature);
        WriteChunk(output, "IHDR"u8, BuildHeader(width, height));
        WriteChunk(output, "IDAT"u8, Compress(rgba, (int)stride, height));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static byte[] BuildHeader(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type: truecolour with alpha
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method: adaptive
        header[12] = 0; // no interlace
        return header;
    }

    private static byte[] Compress(ReadOnlySpan<byte> rgba, int stride, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var filtered = new byte[stride + 1];
            var candidate = new byte[stride + 1];
            var previous = new byte[stride];
            for (var y = 0; y < height; y++)
            {
                var row = rgba.Slice(y * stride, stride);
                PngRowFilter.Choose(row, previous, filtered, candidate);
                zlib.Write(filtered);
                row.CopyTo(previous);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc = Crc32.Compute(data, Crc32.Compute(type));
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}
