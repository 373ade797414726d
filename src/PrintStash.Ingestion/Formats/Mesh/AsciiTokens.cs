using System.Globalization;
using System.Text;

namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>Whitespace tokenizing and invariant number parsing over UTF-8 bytes.</summary>
internal static class AsciiTokens
{
    /// <summary>Cuts the next whitespace-separated token off <paramref name="text"/>. False when none is left.</summary>
    public static bool Next(ref ReadOnlySpan<byte> text, out ReadOnlySpan<byte> token)
    {
        var start = 0;
        while (start < text.Length && IsSpace(text[start]))
        {
            start++;
        }

        var end = start;
        while (end < text.Length && !IsSpace(text[end]))
        {
            end++;
        }

        token = text[start..end];
        text = text[end..];
        return !token.IsEmpty;
    }

    /// <summary>Everything after the first token, trimmed (for names such as <c>solid My Part</c>).</summary>
    public static string Remainder(ReadOnlySpan<byte> text, int maxChars = 256)
    {
        var trimmed = Trim(text);
        var value = Encoding.UTF8.GetString(trimmed);
        return value.Length > maxChars ? value[..maxChars] : value;
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        var start = 0;
        while (start < text.Length && IsSpace(text[start]))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    public static bool Is(ReadOnlySpan<byte> token, ReadOnlySpan<byte> keyword) => Ascii.EqualsIgnoreCase(token, keyword);

    public static bool TryParseFloat(ReadOnlySpan<byte> token, out float value) =>
        float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt(ReadOnlySpan<byte> token, out int value) =>
        int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses the next three tokens as floats.</summary>
    public static bool TryParseFloat3(ref ReadOnlySpan<byte> text, out float x, out float y, out float z)
    {
        x = y = z = 0;
        return Next(ref text, out var a) && TryParseFloat(a, out x)
            && Next(ref text, out var b) && TryParseFloat(b, out y)
            && Next(ref text, out var c) && TryParseFloat(c, out z);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v' or 0;
}
