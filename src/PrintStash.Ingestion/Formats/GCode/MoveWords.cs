using System.Globalization;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>The words of a G0/G1/G2/G3 line that matter for Z and extrusion, read in one pass.</summary>
internal readonly record struct MoveWords(bool HasXY, double? Z, double? E)
{
    public static MoveWords Read(ReadOnlySpan<byte> command)
    {
        var hasXY = false;
        double? z = null, e = null;
        for (var i = GCodeWords.CommandWord(command).Length; i < command.Length; i++)
        {
            var letter = (byte)(command[i] & 0xDF);
            if (letter is not ((byte)'X' or (byte)'Y' or (byte)'Z' or (byte)'E') || IsLetter(command[i - 1]))
            {
                continue;
            }

            var end = i + 1;
            while (end < command.Length && IsNumberChar(command[end]))
            {
                end++;
            }

            if (end == i + 1)
            {
                continue;
            }

            if (letter is (byte)'X' or (byte)'Y')
            {
                hasXY = true;
            }
            else if (double.TryParse(command[(i + 1)..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                if (letter == 'Z')
                {
                    z = value;
                }
                else
                {
                    e = value;
                }
            }

            i = end - 1;
        }

        return new MoveWords(hasXY, z, e);
    }

    private static bool IsLetter(byte c) => (c | 0x20) is >= (byte)'a' and <= (byte)'z';

    private static bool IsNumberChar(byte c) => c is (>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'-' or (byte)'+';
}
