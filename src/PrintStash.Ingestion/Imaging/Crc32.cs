namespace PrintStash.Ingestion.Imaging;

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as used by PNG, zlib and binary G-code.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>CRC of <paramref name="data"/>; pass a previous result as <paramref name="crc"/> to continue a running checksum.</summary>
    public static uint Compute(ReadOnlySpan<byte> data, uint crc = 0)
    {
        var value = ~crc;
        foreach (var b in data)
        {
            value = Table[(value ^ b) & 0xFF] ^ (value >> 8);
        }

        return ~value;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
