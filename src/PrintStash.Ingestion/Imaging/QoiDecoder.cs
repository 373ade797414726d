using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace PrintStash.Ingestion.Imaging;

/// <summary>
/// Decoder for the Quite OK Image format (https://qoiformat.org/qoi-specification.pdf).
/// Bounded: the declared size is checked against <see cref="MaxDimension"/>, a pixel budget and what the data could possibly encode
/// before anything is allocated; truncated or garbage input gives an error, never an out-of-range read.
/// </summary>
public static class QoiDecoder
{
    public const int MaxDimension = 8192;

    public const long DefaultMaxPixels = (long)MaxDimension * MaxDimension;

    private const int HeaderSize = 14;
    private const int MaxPixelsPerByte = 62; // one QOI_OP_RUN byte emits at most 62 pixels

    private const byte OpRgb = 0xFE;
    private const byte OpRgba = 0xFF;
    private const byte OpIndex = 0x00;
    private const byte OpDiff = 0x40;
    private const byte OpLuma = 0x80;
    private const byte TagMask = 0xC0;

    private static ReadOnlySpan<byte> EndMarker => [0, 0, 0, 0, 0, 0, 0, 1];

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.StartsWith("qoif"u8);

    /// <exception cref="InvalidDataException">The data is not a complete, valid QOI image within the limits.</exception>
    public static QoiImage Decode(ReadOnlySpan<byte> data, long maxPixels = DefaultMaxPixels) =>
        TryDecode(data, out var image, out var error, maxPixels) ? image : throw new InvalidDataException(error);

    public static bool TryDecode(
        ReadOnlySpan<byte> data,
        [NotNullWhen(true)] out QoiImage? image,
        [NotNullWhen(false)] out string? error,
        long maxPixels = DefaultMaxPixels)
    {
        image = null;
        error = CheckHeader(data, maxPixels, out var width, out var height);
        if (error is not null)
        {
            return false;
        }

        var rgba = new byte[(long)width * height * 4];
        error = DecodePixels(data[HeaderSize..], rgba);
        if (error is not null)
        {
            return false;
        }

        image = new QoiImage(width, height, data[12], data[13], rgba);
        return true;
    }

    private static string? CheckHeader(ReadOnlySpan<byte> data, long maxPixels, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (data.Length < HeaderSize || !HasSignature(data))
        {
            return "not a QOI image (missing 'qoif' header)";
        }

        var w = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4, 4));
        var h = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(8, 4));
        if (w == 0 || h == 0 || w > MaxDimension || h > MaxDimension)
        {
            return $"QOI size {w}x{h} is outside 1..{MaxDimension}";
        }

        var pixels = (long)w * h;
        if (pixels > maxPixels)
        {
            return $"QOI size {w}x{h} exceeds the limit of {maxPixels} pixels";
        }

        if (data[12] is not (3 or 4) || data[13] > 1)
        {
            return $"QOI header has invalid channels {data[12]} or colour space {data[13]}";
        }

        if (pixels > (long)(data.Length - HeaderSize) * MaxPixelsPerByte)
        {
            return $"QOI declares {w}x{h} but holds only {data.Length - HeaderSize} bytes of pixel data (truncated)";
        }

        width = (int)w;
        height = (int)h;
        return null;
    }

    private static string? DecodePixels(ReadOnlySpan<byte> chunks, Span<byte> rgba)
    {
        Span<byte> index = stackalloc byte[64 * 4];
        index.Clear();
        byte r = 0, g = 0, b = 0, a = 255;
        var position = 0;
        var run = 0;
        for (var pixel = 0; pixel < rgba.Length; pixel += 4)
        {
            if (run > 0)
            {
                run--;
            }
            else
            {
                if (position >= chunks.Length)
                {
                    return $"QOI data ends after {pixel / 4} of {rgba.Length / 4} pixels (truncated)";
                }

                var op = chunks[position++];
                var needed = op switch
                {
                    OpRgb => 3,
                    OpRgba => 4,
                    _ when (op & TagMask) == OpLuma => 1,
                    _ => 0,
                };
                if (position + needed > chunks.Length)
                {
                    return $"QOI data ends inside a chunk at pixel {pixel / 4} (truncated)";
                }

                if (op == OpRgb)
                {
                    r = chunks[position];
                    g = chunks[position + 1];
                    b = chunks[position + 2];
                }
                else if (op == OpRgba)
                {
                    r = chunks[position];
                    g = chunks[position + 1];
                    b = chunks[position + 2];
                    a = chunks[position + 3];
                }
                else
                {
                    switch (op & TagMask)
                    {
                        case OpIndex:
                            var slot = index.Slice((op & 0x3F) * 4, 4);
                            r = slot[0];
                            g = slot[1];
                            b = slot[2];
                            a = slot[3];
                            break;
                        case OpDiff:
                            r = (byte)(r + ((op >> 4) & 0x03) - 2);
                            g = (byte)(g + ((op >> 2) & 0x03) - 2);
                            b = (byte)(b + (op & 0x03) - 2);
                            break;
                        case OpLuma:
                            var second = chunks[position];
                            var dg = (op & 0x3F) - 32;
                            r = (byte)(r + dg - 8 + ((second >> 4) & 0x0F));
                            g = (byte)(g + dg);
                            b = (byte)(b + dg - 8 + (second & 0x0F));
                            break;
                        default: // QOI_OP_RUN; 0xFE/0xFF are handled above
                            run = op & 0x3F;
                            break;
                    }
                }

                position += needed;
                var hash = ((r * 3) + (g * 5) + (b * 7) + (a * 11)) % 64 * 4;
                index[hash] = r;
                index[hash + 1] = g;
                index[hash + 2] = b;
                index[hash + 3] = a;
            }

            rgba[pixel] = r;
            rgba[pixel + 1] = g;
            rgba[pixel + 2] = b;
            rgba[pixel + 3] = a;
        }

        if (run > 0)
        {
            return "QOI run extends past the last pixel";
        }

        return chunks[position..].StartsWith(EndMarker) ? null : "QOI end marker missing after the last pixel (truncated or trailing garbage)";
    }
}
