namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>
/// Tells binary from ASCII STL. Binary files may start with "solid" too, so the size test
/// (84 + 50·n == length) wins unless the first bytes read as STL text.
/// </summary>
internal static class StlFormat
{
    public const int HeaderBytes = 80;
    public const int PreambleBytes = 84;
    public const int RecordBytes = 50;

    public static StlEncoding Detect(ReadOnlySpan<byte> head, long? length)
    {
        var looksAscii = StartsWithSolid(head) && IsText(head);
        if (head.Length >= PreambleBytes && length is { } total)
        {
            var declared = ReadDeclaredCount(head);
            if (PreambleBytes + (RecordBytes * declared) == total && !looksAscii)
            {
                return StlEncoding.Binary;
            }
        }

        if (looksAscii)
        {
            return StlEncoding.Ascii;
        }

        return head.Length >= PreambleBytes ? StlEncoding.Binary : StlEncoding.Unknown;
    }

    public static uint ReadDeclaredCount(ReadOnlySpan<byte> head) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(HeaderBytes, 4));

    /// <summary>The 80-byte header as readable text (NUL padding and control bytes dropped), or null when empty.</summary>
    public static string? HeaderText(ReadOnlySpan<byte> head)
    {
        var header = head[..Math.Min(HeaderBytes, head.Length)];
        var chars = new char[header.Length];
        var count = 0;
        foreach (var b in header)
        {
            if (b == 0)
            {
                break;
            }

            chars[count++] = b is >= 0x20 and < 0x7F ? (char)b : ' ';
        }

        var text = new string(chars, 0, count).Trim();
        return text.Length == 0 ? null : text;
    }

    private static bool StartsWithSolid(ReadOnlySpan<byte> head)
    {
        var trimmed = AsciiTokens.Trim(head);
        return trimmed.Length >= 5 && AsciiTokens.Is(trimmed[..5], "solid"u8);
    }

    /// <summary>STL text has no control bytes besides whitespace; binary triangles almost always do within 512 bytes.</summary>
    private static bool IsText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or (byte)'\v'))
            {
                return false;
            }
        }

        return true;
    }
}
