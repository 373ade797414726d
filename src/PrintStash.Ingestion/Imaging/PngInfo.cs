using System.Buffers.Binary;

namespace PrintStash.Ingestion.Imaging;

/// <summary>Reads the size of a PNG from its IHDR chunk without decoding it.</summary>
public static class PngInfo
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <summary>True when <paramref name="data"/> starts with a PNG signature followed by a well-formed IHDR (positive size, CRC matching).</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = 0;
        height = 0;
        // signature (8) + length (4) + "IHDR" (4) + 13 bytes + CRC (4)
        if (data.Length < 33 || !HasSignature(data))
        {
            return false;
        }

        var ihdr = data.Slice(8, 25);
        if (BinaryPrimitives.ReadUInt32BigEndian(ihdr) != 13 || !ihdr.Slice(4, 4).SequenceEqual("IHDR"u8))
        {
            return false;
        }

        var crc = BinaryPrimitives.ReadUInt32BigEndian(ihdr.Slice(21, 4));
        if (crc != Crc32.Compute(ihdr.Slice(4, 17)))
        {
            return false;
        }

        var w = BinaryPrimitives.ReadUInt32BigEndian(ihdr.Slice(8, 4));
        var h = BinaryPrimitives.ReadUInt32BigEndian(ihdr.Slice(12, 4));
        if (w is 0 or > int.MaxValue || h is 0 or > int.MaxValue)
        {
            return false;
        }

        width = (int)w;
        height = (int)h;
        return true;
    }
}
