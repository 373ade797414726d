namespace PrintStash.Ingestion.Imaging;

/// <summary>PNG filter selection for 4-byte pixels: tries all five filters and keeps the one with the smallest sum of absolute values.</summary>
internal static class PngRowFilter
{
    private const int BytesPerPixel = 4;

    /// <summary>Writes the filter type byte and the filtered row into <paramref name="best"/> (length row + 1).</summary>
    public static void Choose(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, Span<byte> best, Span<byte> scratch)
    {
        var bestScore = long.MaxValue;
        for (byte type = 0; type <= 4; type++)
        {
            var score = Apply(type, row, previous, scratch);
            if (score < bestScore)
            {
                scratch.CopyTo(best);
                bestScore = score;
            }
        }
    }

    private static long Apply(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, Span<byte> output)
    {
        output[0] = type;
        long score = 0;
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= BytesPerPixel ? row[i - BytesPerPixel] : 0;
            int up = previous[i];
            int upLeft = i >= BytesPerPixel ? previous[i - BytesPerPixel] : 0;
            var predictor = type switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) >> 1,
                _ => Paeth(left, up, upLeft),
            };
            var value = (byte)(row[i] - predictor);
            output[i + 1] = value;
            score += value < 128 ? value : 256 - value;
        }

        return score;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }
}
