using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PrintStash.Printers.Simulation.PrusaLink;

/// <summary>Draws the small PNG thumbnails the simulated printer serves (a tinted gradient with a darker "part").</summary>
internal static class SimulatorPng
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Thumbnail(string seed, int width, int height)
    {
        var hash = (uint)StableHash(seed);
        var (r, g, b) = ((byte)(80 + (hash & 0x7F)), (byte)(80 + ((hash >> 8) & 0x7F)), (byte)(80 + ((hash >> 16) & 0x7F)));
        var raw = new byte[height * ((width * 3) + 1)];
        var i = 0;
        for (var y = 0; y < height; y++)
        {
            raw[i++] = 0; // filter: none
            for (var x = 0; x < width; x++)
            {
                var inPart = Math.Abs(x - (width / 2)) < width / 4 && y > height / 3 && y < height * 5 / 6;
                var shade = inPart ? 0.55 : 0.85 + (0.15 * y / height);
                raw[i++] = (byte)Math.Min(255, r * shade);
                raw[i++] = (byte)Math.Min(255, g * shade);
                raw[i++] = (byte)Math.Min(255, b * shade);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        WriteChunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(png, "IDAT", compressed.ToArray());
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(length, crc);
        stream.Write(length);
    }

    private static uint Crc(uint crc, byte[] data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
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

    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
