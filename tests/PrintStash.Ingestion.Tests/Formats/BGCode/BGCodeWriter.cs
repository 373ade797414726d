using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PrintStash.Ingestion.Tests.Imaging;

namespace PrintStash.Ingestion.Tests.Formats.BGCode;

/// <summary>
/// Writes binary G-code following libbgcode's specification (doc/specifications.md): 10-byte file header, then blocks of
/// <c>type, compression, uncompressed size[, compressed size]</c>, parameters, data and a CRC32 over all three.
/// Hooks let tests damage what they write.
/// </summary>
internal sealed class BGCodeWriter
{
    public const ushort FileMetadata = 0;
    public const ushort GCode = 1;
    public const ushort SlicerMetadata = 2;
    public const ushort PrinterMetadata = 3;
    public const ushort PrintMetadata = 4;
    public const ushort Thumbnail = 5;

    public const ushort None = 0;
    public const ushort Deflate = 1;
    public const ushort Heatshrink12 = 3;

    private readonly MemoryStream output = new();
    private readonly bool checksums;

    public BGCodeWriter(bool checksums = true, uint version = 1, string magic = "GCDE", ushort? checksumType = null)
    {
        this.checksums = checksums;
        output.Write(Encoding.ASCII.GetBytes(magic));
        Span<byte> header = stackalloc byte[6];
        BinaryPrimitives.WriteUInt32LittleEndian(header, version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], checksumType ?? (ushort)(checksums ? 1 : 0));
        output.Write(header);
    }

    public long Length => output.Length;

    public BGCodeWriter Metadata(ushort type, IEnumerable<(string Key, string Value)> entries, ushort compression = None, ushort encoding = 0)
    {
        var ini = Encoding.UTF8.GetBytes(string.Concat(entries.Select(e => $"{e.Key}={e.Value}\n")));
        var parameters = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(parameters, encoding);
        return Block(type, compression, parameters, ini);
    }

    public BGCodeWriter Image(ushort format, ushort width, ushort height, byte[] data, ushort compression = None)
    {
        var parameters = new byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(parameters, format);
        BinaryPrimitives.WriteUInt16LittleEndian(parameters.AsSpan(2), width);
        BinaryPrimitives.WriteUInt16LittleEndian(parameters.AsSpan(4), height);
        return Block(Thumbnail, compression, parameters, data);
    }

    public BGCodeWriter GCodeText(string text, ushort compression = None) => Block(GCode, compression, new byte[2], Encoding.ASCII.GetBytes(text));

    /// <summary>A block written as declared; <paramref name="storedOverride"/> replaces the (compressed) data actually stored.</summary>
    public BGCodeWriter Block(ushort type, ushort compression, byte[] parameters, byte[] data, byte[]? storedOverride = null, uint? uncompressedOverride = null)
    {
        var stored = storedOverride ?? (compression == Deflate ? Compress(data) : data);
        var header = new byte[compression == None ? 8 : 12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, type);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), compression);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), uncompressedOverride ?? (uint)data.Length);
        if (compression != None)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)stored.Length);
        }

        output.Write(header);
        output.Write(parameters);
        output.Write(stored);
        if (checksums)
        {
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(crc, ReferenceCrc32.Compute([.. header, .. parameters, .. stored]));
            output.Write(crc);
        }

        return this;
    }

    public BGCodeWriter Raw(byte[] bytes)
    {
        output.Write(bytes);
        return this;
    }

    public byte[] ToArray() => output.ToArray();

    private static byte[] Compress(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }
}
