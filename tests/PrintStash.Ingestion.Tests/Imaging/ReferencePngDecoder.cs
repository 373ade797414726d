using System.Buffers.Binary;
using System.IO.Compression;

namespace PrintStash.Ingestion.Tests.Imaging;

/// <summary>
/// A small, strict PNG decoder used only to check what the production code writes and extracts: verifies every chunk CRC,
/// inflates the IDAT stream and undoes all five row filters. Supports 8-bit truecolour (2), truecolour+alpha (6), grey (0),
/// grey+alpha (4), non-interlaced; always returns RGBA.
/// </summary>
internal static class ReferencePngDecoder
{
    public sealed record Image(int Width, int Height, byte[] Rgba, IReadOnlyList<string> Chunks);

    public static Image Decode(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (!png.AsSpan().StartsWith(signature))
        {
            throw new InvalidDataException("PNG signature missing");
        }

        var chunks = new List<string>();
        using var idat = new MemoryStream();
        int width = 0, height = 0, colourType = -1;
        var position = 8;
        while (true)
        {
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position)));
            var type = System.Text.Encoding.ASCII.GetString(png, position + 4, 4);
            var data = png.AsSpan(position + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            if (crc != ReferenceCrc32.Compute(png.AsSpan(position + 4, length + 4)))
            {
                throw new InvalidDataException($"CRC mismatch in {type}");
            }

            chunks.Add(type);
            position += 12 + length;
            if (type == "IHDR")
            {
                width = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data));
                height = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
                colourType = data[9];
                if (data[8] != 8 || data[12] != 0 || colourType is not (0 or 2 or 4 or 6))
                {
                    throw new NotSupportedException($"bit depth {data[8]}, colour type {colourType}, interlace {data[12]}");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }
        }

        if (position != png.Length)
        {
            throw new InvalidDataException("bytes after IEND");
        }

        var channels = colourType switch { 0 => 1, 2 => 3, 4 => 2, _ => 4 };
        return new Image(width, height, ToRgba(Unfilter(Inflate(idat.ToArray()), width, height, channels), channels), chunks);
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new MemoryStream(zlib);
        using var inflater = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflater.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Unfilter(byte[] filtered, int width, int height, int channels)
    {
        var stride = width * channels;
        if (filtered.Length != (stride + 1) * height)
        {
            throw new InvalidDataException($"inflated {filtered.Length} bytes, expected {(stride + 1) * height}");
        }

        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var type = filtered[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                int raw = filtered[(y * (stride + 1)) + 1 + x];
                int a = x >= channels ? pixels[(y * stride) + x - channels] : 0;
                int b = y > 0 ? pixels[((y - 1) * stride) + x] : 0;
                int c = x >= channels && y > 0 ? pixels[((y - 1) * stride) + x - channels] : 0;
                pixels[(y * stride) + x] = (byte)(raw + type switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter type {type}"),
                });
            }
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] ToRgba(byte[] pixels, int channels)
    {
        if (channels == 4)
        {
            return pixels;
        }

        var count = pixels.Length / channels;
        var rgba = new byte[count * 4];
        for (var i = 0; i < count; i++)
        {
            var source = pixels.AsSpan(i * channels, channels);
            var (r, g, b, alpha) = channels switch
            {
                1 => (source[0], source[0], source[0], (byte)255),
                2 => (source[0], source[0], source[0], source[1]),
                _ => (source[0], source[1], source[2], (byte)255),
            };
            rgba[i * 4] = r;
            rgba[(i * 4) + 1] = g;
            rgba[(i * 4) + 2] = b;
            rgba[(i * 4) + 3] = alpha;
        }

        return rgba;
    }
}
