using System.Runtime.Intrinsics;

namespace PrintStash.Ingestion.Imaging;

/// <summary>
/// PNG filter selection for 4-byte pixels: tries all five filters and keeps the one with the smallest sum of absolute
/// values. Each filter has its own loop over 16 bytes at a time (the predictors read only unfiltered bytes, so lanes
/// are independent); the first pixel and the tail that does not fill a vector run through the scalar formula.
/// </summary>
internal static class PngRowFilter
{
    public const int None = 0;
    public const int Sub = 1;
    public const int Up = 2;
    public const int Average = 3;
    public const int Paeth = 4;

    private const int BytesPerPixel = 4;
    private static readonly int VectorBytes = Vector128<byte>.Count;

    /// <summary>Writes the filter type byte and the filtered row into <paramref name="best"/> (length row + 1).</summary>
    public static void Choose(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, Span<byte> best, Span<byte> scratch)
    {
        var bestScore = Apply(None, row, previous, best);
        for (var type = Sub; type <= Paeth; type++)
        {
            var score = Apply(type, row, previous, scratch);
            if (score < bestScore)
            {
                scratch[..(row.Length + 1)].CopyTo(best);
                bestScore = score;
            }
        }
    }

    /// <summary>Filters <paramref name="row"/> with one filter into <paramref name="output"/> (type byte first) and returns its score.</summary>
    public static long Apply(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, Span<byte> output)
    {
        output[0] = (byte)type;
        var filtered = output.Slice(1, row.Length);
        var start = Math.Min(BytesPerPixel, row.Length);
        long score = 0;
        for (var i = 0; i < start; i++)
        {
            score += Store(row, filtered, i, ScalarPredict(type, row, previous, i));
        }

        var accumulator = Vector128<uint>.Zero;
        var i0 = start;
        for (; i0 + VectorBytes <= row.Length; i0 += VectorBytes)
        {
            var current = Vector128.Create(row.Slice(i0, VectorBytes));
            var prediction = VectorPredict(type, row, previous, i0);
            var value = current - prediction;
            value.CopyTo(filtered.Slice(i0, VectorBytes));
            accumulator += SumOfMagnitudes(value);
        }

        score += Vector128.Sum(accumulator);
        for (; i0 < row.Length; i0++)
        {
            score += Store(row, filtered, i0, ScalarPredict(type, row, previous, i0));
        }

        return score;
    }

    private static int Store(ReadOnlySpan<byte> row, Span<byte> filtered, int index, int predictor)
    {
        var value = (byte)(row[index] - predictor);
        filtered[index] = value;
        return value < 128 ? value : 256 - value;
    }

    private static int ScalarPredict(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int i)
    {
        int left = i >= BytesPerPixel ? row[i - BytesPerPixel] : 0;
        int up = previous[i];
        int upLeft = i >= BytesPerPixel ? previous[i - BytesPerPixel] : 0;
        return type switch
        {
            None => 0,
            Sub => left,
            Up => up,
            Average => (left + up) >> 1,
            _ => PaethPredictor(left, up, upLeft),
        };
    }

    /// <summary>Predictions for 16 bytes from <paramref name="i"/> (≥ one pixel in, so left and up-left exist).</summary>
    private static Vector128<byte> VectorPredict(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int i)
    {
        switch (type)
        {
            case None:
                return Vector128<byte>.Zero;
            case Sub:
                return Vector128.Create(row.Slice(i - BytesPerPixel, VectorBytes));
            case Up:
                return Vector128.Create(previous.Slice(i, VectorBytes));
            case Average:
            {
                var left = Vector128.Create(row.Slice(i - BytesPerPixel, VectorBytes));
                var up = Vector128.Create(previous.Slice(i, VectorBytes));
                // floor((a + b) / 2) without leaving 8 bits.
                return (left & up) + Vector128.ShiftRightLogical(left ^ up, 1);
            }

            default:
            {
                var left = Vector128.Create(row.Slice(i - BytesPerPixel, VectorBytes));
                var up = Vector128.Create(previous.Slice(i, VectorBytes));
                var upLeft = Vector128.Create(previous.Slice(i - BytesPerPixel, VectorBytes));
                var (leftLow, leftHigh) = Vector128.Widen(left);
                var (upLow, upHigh) = Vector128.Widen(up);
                var (upLeftLow, upLeftHigh) = Vector128.Widen(upLeft);
                return Vector128.Narrow(
                    PaethPredictor(leftLow.AsInt16(), upLow.AsInt16(), upLeftLow.AsInt16()).AsUInt16(),
                    PaethPredictor(leftHigh.AsInt16(), upHigh.AsInt16(), upLeftHigh.AsInt16()).AsUInt16());
            }
        }
    }

    private static Vector128<short> PaethPredictor(Vector128<short> a, Vector128<short> b, Vector128<short> c)
    {
        // p = a + b - c; |p - a| = |b - c|, |p - b| = |a - c|, |p - c| = |(a - c) + (b - c)|.
        var bc = b - c;
        var ac = a - c;
        var pa = Vector128.Abs(bc);
        var pb = Vector128.Abs(ac);
        var pc = Vector128.Abs(ac + bc);
        var pickA = Vector128.LessThanOrEqual(pa, pb) & Vector128.LessThanOrEqual(pa, pc);
        var pickB = Vector128.LessThanOrEqual(pb, pc);
        return Vector128.ConditionalSelect(pickA, a, Vector128.ConditionalSelect(pickB, b, c));
    }

    /// <summary>Sum of min(v, 256 − v) per byte, i.e. |v| read as a signed byte, widened so 16 lanes never overflow.</summary>
    private static Vector128<uint> SumOfMagnitudes(Vector128<byte> value)
    {
        var magnitude = Vector128.Abs(value.AsSByte()).AsByte();
        var (low, high) = Vector128.Widen(magnitude);
        var (a, b) = Vector128.Widen(low + high);
        return a + b;
    }

    private static int PaethPredictor(int a, int b, int c)
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
