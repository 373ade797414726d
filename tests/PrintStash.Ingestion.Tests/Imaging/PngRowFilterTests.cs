using PrintStash.Ingestion.Imaging;

namespace PrintStash.Ingestion.Tests.Imaging;

/// <summary>Each vectorised filter against the formula of the PNG specification, byte for byte, at every row length shape.</summary>
public sealed class PngRowFilterTests
{
    public static TheoryData<int, int> TypesAndLengths()
    {
        var data = new TheoryData<int, int>();
        for (var type = 0; type <= 4; type++)
        {
            // One pixel, less than a vector, exactly one vector past the first pixel, ragged tails, a 512 px row.
            foreach (var length in new[] { 4, 8, 16, 20, 36, 52, 64, 100, 2048 })
            {
                data.Add(type, length);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndLengths))]
    public void Apply_AnyRow_MatchesTheSpecificationFormulaAndScore(int type, int length)
    {
        var random = new Random(type * 7919 + length);
        var row = new byte[length];
        var previous = new byte[length];
        random.NextBytes(row);
        random.NextBytes(previous);
        var output = new byte[length + 1];

        var score = PngRowFilter.Apply(type, row, previous, output);

        var (expected, expectedScore) = Reference(type, row, previous);
        Assert.Equal(expected, output);
        Assert.Equal(expectedScore, score);
    }

    [Fact]
    public void Choose_RowThatRepeatsTheOneAbove_PicksUpWithAllZeroes()
    {
        var previous = new byte[64];
        new Random(3).NextBytes(previous);
        var best = new byte[65];

        PngRowFilter.Choose(previous, previous, best, new byte[65]);

        Assert.Equal(PngRowFilter.Up, best[0]);
        Assert.All(best[1..], value => Assert.Equal(0, value));
    }

    [Fact]
    public void Choose_ExtremeBytes_ScoresMinus128AsTheLargestMagnitude()
    {
        // 0x80 after filtering must count 128, not −128 or 0, or the chooser would prefer the worst filter.
        var row = Enumerable.Repeat((byte)0x80, 32).ToArray();
        var previous = new byte[32];

        var none = PngRowFilter.Apply(PngRowFilter.None, row, previous, new byte[33]);

        Assert.Equal(32 * 128, none);
    }

    private static (byte[] Output, long Score) Reference(int type, byte[] row, byte[] previous)
    {
        var output = new byte[row.Length + 1];
        output[0] = (byte)type;
        long score = 0;
        for (var i = 0; i < row.Length; i++)
        {
            int a = i >= 4 ? row[i - 4] : 0;
            int b = previous[i];
            int c = i >= 4 ? previous[i - 4] : 0;
            var predictor = type switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                _ => PaethFromTheSpecification(a, b, c),
            };
            var value = (byte)(row[i] - predictor);
            output[i + 1] = value;
            score += Math.Min(value, 256 - value);
        }

        return (output, score);
    }

    private static int PaethFromTheSpecification(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
