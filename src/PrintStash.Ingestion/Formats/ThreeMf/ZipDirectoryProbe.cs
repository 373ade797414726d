using System.Buffers.Binary;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Reads the entry count from the end-of-central-directory record (and its Zip64 twin) before the archive is
/// opened, so that an archive with millions of entries is refused without building an entry list.
/// </summary>
internal static class ZipDirectoryProbe
{
    private const int EndRecordBytes = 22;
    private const int MaxCommentBytes = 0xFFFF;
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;

    /// <summary>The declared entry count, or null when no end record is found (the zip reader will then complain).</summary>
    public static long? TryReadEntryCount(Stream stream)
    {
        var start = stream.Position;
        try
        {
            var length = stream.Length;
            var tailLength = (int)Math.Min(length, EndRecordBytes + MaxCommentBytes);
            if (tailLength < EndRecordBytes)
            {
                return null;
            }

            var tail = new byte[tailLength];
            stream.Position = length - tailLength;
            stream.ReadExactly(tail);
            for (var i = tailLength - EndRecordBytes; i >= 0; i--)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != EndSignature)
                {
                    continue;
                }

                long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 10));
                if (count == 0xFFFF && i >= 20)
                {
                    count = ReadZip64Count(stream, tail.AsSpan(i - 20, 20)) ?? count;
                }

                return count;
            }

            return null;
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static long? ReadZip64Count(Stream stream, ReadOnlySpan<byte> locator)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
        {
            return null;
        }

        var offset = BinaryPrimitives.ReadInt64LittleEndian(locator[8..]);
        if (offset < 0 || offset > stream.Length - 56)
        {
            return null;
        }

        var record = new byte[56];
        stream.Position = offset;
        stream.ReadExactly(record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32));
        return count < 0 ? long.MaxValue : count;
    }
}
