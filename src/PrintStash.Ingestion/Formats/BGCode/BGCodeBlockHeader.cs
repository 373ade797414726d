using System.Buffers.Binary;

namespace PrintStash.Ingestion.Formats.BGCode;

/// <summary>
/// A block header: <c>uint16 type, uint16 compression, uint32 uncompressed size</c>, plus <c>uint32 compressed size</c> when
/// compressed (little-endian). Followed by the type's parameters, the data and, if the file has checksums, a CRC32 over all of it.
/// </summary>
internal readonly record struct BGCodeBlockHeader(long Offset, ushort RawType, ushort RawCompression, uint UncompressedSize, uint CompressedSize)
{
    public const int MaxSize = 12;

    public BGCodeBlockType Type => (BGCodeBlockType)RawType;

    public BGCodeCompression Compression => (BGCodeCompression)RawCompression;

    public bool IsKnownType => RawType <= (ushort)BGCodeBlockType.Thumbnail;

    public bool IsKnownCompression => RawCompression <= (ushort)BGCodeCompression.Heatshrink12;

    public int Size => RawCompression == 0 ? 8 : 12;

    public int ParametersSize => Type == BGCodeBlockType.Thumbnail ? 6 : 2;

    /// <summary>Bytes of (possibly compressed) data stored in the file.</summary>
    public uint StoredDataSize => RawCompression == 0 ? UncompressedSize : CompressedSize;

    /// <summary>Header, parameters, data and checksum: where the next block starts.</summary>
    public long TotalSize(int checksumSize) => Size + ParametersSize + (long)StoredDataSize + checksumSize;

    public string Describe() => $"{(IsKnownType ? Type.ToString() : $"type {RawType}")} block at offset {Offset}";

    /// <summary>Parses a header from <paramref name="bytes"/> (at least 8 bytes; 12 when compressed).</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, long offset, out BGCodeBlockHeader header)
    {
        header = default;
        if (bytes.Length < 8)
        {
            return false;
        }

        var compression = BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
        if (compression != 0 && bytes.Length < 12)
        {
            return false;
        }

        header = new BGCodeBlockHeader(
            offset,
            BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            compression,
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
            compression == 0 ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));
        return true;
    }
}
