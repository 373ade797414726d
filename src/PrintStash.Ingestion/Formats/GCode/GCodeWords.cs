using System.Globalization;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>Allocation-free access to the words of one G-code command line (<c>G1 X10 Y-.5 E.0123</c>, also packed <c>G1X10</c>).</summary>
internal static class GCodeWords
{
    /// <summary>The command without an inline comment, a leading line number (<c>N12</c>) or a trailing checksum (<c>*71</c>).</summary>
    public static ReadOnlySpan<byte> StripDecorations(ReadOnlySpan<byte> line)
    {
        var comment = line.IndexOf((byte)';');
        if (comment >= 0)
        {
            line = line[..comment];
        }

        var checksum = line.LastIndexOf((byte)'*');
        if (checksum >= 0)
        {
            line = line[..checksum];
        }

        line = line.Trim(" \t"u8);
        if (line.Length > 1 && (line[0] | 0x20) == 'n' && IsDigit(line[1]))
        {
            var end = 1;
            while (end < line.Length && IsDigit(line[end]))
            {
                end++;
            }

            line = line[end..].TrimStart(" \t"u8);
        }

        return line;
    }

    /// <summary>The command word: <c>G1</c>, <c>M104</c>, or a macro name such as <c>EXCLUDE_OBJECT_DEFINE</c>.</summary>
    public static ReadOnlySpan<byte> CommandWord(ReadOnlySpan<byte> command)
    {
        if (command.IsEmpty)
        {
            return [];
        }

        var end = 1;
        if (IsLetter(command[0]) && end < command.Length && IsDigit(command[1]))
        {
            // G/M/T code: letter + integer (+ optional .subcode)
            while (end < command.Length && (IsDigit(command[end]) || command[end] == '.'))
            {
                end++;
            }

            return command[..end];
        }

        var space = command.IndexOfAny(" \t"u8);
        return space < 0 ? command : command[..space];
    }

    /// <summary>Reads the numeric value after axis/parameter letter <paramref name="letter"/> (upper case) of a G/M code.</summary>
    public static bool TryGetParameter(ReadOnlySpan<byte> command, byte letter, out double value)
    {
        value = 0;
        for (var i = CommandWord(command).Length; i < command.Length; i++)
        {
            if ((command[i] & 0xDF) != letter || IsLetter(command[i - 1]))
            {
                continue;
            }

            var start = i + 1;
            var end = start;
            while (end < command.Length && IsNumberChar(command[end]))
            {
                end++;
            }

            return end > start && double.TryParse(command[start..end], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        return false;
    }

    public static bool HasParameter(ReadOnlySpan<byte> command, byte letter) => TryGetParameter(command, letter, out _);

    public static bool IsCommand(ReadOnlySpan<byte> word, ReadOnlySpan<byte> expected) =>
        word.Length == expected.Length && System.Text.Ascii.EqualsIgnoreCase(word, expected);

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsLetter(byte c) => (c | 0x20) is >= (byte)'a' and <= (byte)'z';

    private static bool IsNumberChar(byte c) => IsDigit(c) || c is (byte)'.' or (byte)'-' or (byte)'+';
}
