using System.Buffers.Binary;

namespace PrintStash.Ingestion.Tests.Imaging;

/// <summary>
/// The reference QOI encoder (qoi.h, as PrusaSlicer embeds it), ported for tests: given the pixels the production decoder
/// returns, it must rebuild the original file byte for byte.
/// </summary>
internal static class ReferenceQoiEncoder
{
    public static byte[] Encode(byte[] rgba, int width, int height, byte channels = 4, byte colorSpace = 0)
    {
        var output = new List<byte>(14 + (rgba.Length * 5 / 4) + 8);
        Span<byte> header = stackalloc byte[14];
        "qoif"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], (uint)height);
        header[12] = channels;
        header[13] = colorSpace;
        output.AddRange(header.ToArray());

        var index = new uint[64];
        uint previous = Pack(0, 0, 0, 255);
        var run = 0;
        var last = (width * height) - 1;
        for (var p = 0; p <= last; p++)
        {
            var (r, g, b) = (rgba[p * 4], rgba[(p * 4) + 1], rgba[(p * 4) + 2]);
            var a = channels == 4 ? rgba[(p * 4) + 3] : (byte)255;
            var pixel = Pack(r, g, b, a);
            if (pixel == previous)
            {
                run++;
                if (run == 62 || p == last)
                {
                    output.Add((byte)(0xC0 | (run - 1)));
                    run = 0;
                }

                continue;
            }

            if (run > 0)
            {
                output.Add((byte)(0xC0 | (run - 1)));
                run = 0;
            }

            var slot = ((r * 3) + (g * 5) + (b * 7) + (a * 11)) % 64;
            if (index[slot] == pixel)
            {
                output.Add((byte)slot);
            }
            else
            {
                index[slot] = pixel;
                var (pr, pg, pb, pa) = Unpack(previous);
                if (a == pa)
                {
                    var vr = (sbyte)(r - pr);
                    var vg = (sbyte)(g - pg);
                    var vb = (sbyte)(b - pb);
                    var vgr = vr - vg;
                    var vgb = vb - vg;
                    if (vr is > -3 and < 2 && vg is > -3 and < 2 && vb is > -3 and < 2)
                    {
                        output.Add((byte)(0x40 | ((vr + 2) << 4) | ((vg + 2) << 2) | (vb + 2)));
                    }
                    else if (vgr is > -9 and < 8 && vg is > -33 and < 32 && vgb is > -9 and < 8)
                    {
                        output.Add((byte)(0x80 | (vg + 32)));
                        output.Add((byte)(((vgr + 8) << 4) | (vgb + 8)));
                    }
                    else
                    {
                        output.AddRange([0xFE, r, g, b]);
                    }
                }
                else
                {
                    output.AddRange([0xFF, r, g, b, a]);
                }
            }

            previous = pixel;
        }

        output.AddRange([0, 0, 0, 0, 0, 0, 0, 1]);
        return output.ToArray();
    }

    private static uint Pack(byte r, byte g, byte b, byte a) => (uint)((r << 24) | (g << 16) | (b << 8) | a);

    private static (byte R, byte G, byte B, byte A) Unpack(uint pixel) => ((byte)(pixel >> 24), (byte)(pixel >> 16), (byte)(pixel >> 8), (byte)pixel);
}
