using System.Globalization;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// A 3MF transform: <c>transform="m00 m01 m02 m10 m11 m12 m20 m21 m22 m30 m31 m32"</c>, row-vector convention,
/// so x' = m00·x + m10·y + m20·z + m30 (and likewise for y', z').
/// </summary>
internal readonly record struct AffineTransform(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22,
    double M30, double M31, double M32)
{
    public static AffineTransform Identity { get; } = new(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0);

    public static AffineTransform Scale(double factor) => new(factor, 0, 0, 0, factor, 0, 0, 0, factor, 0, 0, 0);

    /// <summary>Parses the attribute; a missing one is the identity, a malformed one (not 12 finite numbers) is null.</summary>
    public static AffineTransform? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Identity;
        }

        Span<double> m = stackalloc double[12];
        var count = 0;
        foreach (var range in text.AsSpan().SplitAny(" \t\r\n"))
        {
            var token = text.AsSpan(range);
            if (token.IsEmpty)
            {
                continue;
            }

            if (count == 12 || !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out m[count]) || !double.IsFinite(m[count]))
            {
                return null;
            }

            count++;
        }

        return count == 12 ? new AffineTransform(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11]) : null;
    }

    /// <summary>This transform followed by <paramref name="outer"/>: (this.Then(outer))(p) = outer(this(p)).</summary>
    public AffineTransform Then(in AffineTransform outer) => new(
        (M00 * outer.M00) + (M01 * outer.M10) + (M02 * outer.M20),
        (M00 * outer.M01) + (M01 * outer.M11) + (M02 * outer.M21),
        (M00 * outer.M02) + (M01 * outer.M12) + (M02 * outer.M22),
        (M10 * outer.M00) + (M11 * outer.M10) + (M12 * outer.M20),
        (M10 * outer.M01) + (M11 * outer.M11) + (M12 * outer.M21),
        (M10 * outer.M02) + (M11 * outer.M12) + (M12 * outer.M22),
        (M20 * outer.M00) + (M21 * outer.M10) + (M22 * outer.M20),
        (M20 * outer.M01) + (M21 * outer.M11) + (M22 * outer.M21),
        (M20 * outer.M02) + (M21 * outer.M12) + (M22 * outer.M22),
        (M30 * outer.M00) + (M31 * outer.M10) + (M32 * outer.M20) + outer.M30,
        (M30 * outer.M01) + (M31 * outer.M11) + (M32 * outer.M21) + outer.M31,
        (M30 * outer.M02) + (M31 * outer.M12) + (M32 * outer.M22) + outer.M32);

    /// <summary>Transforms packed xyz triples from <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination)
    {
        for (var i = 0; i + 2 < source.Length; i += 3)
        {
            double x = source[i], y = source[i + 1], z = source[i + 2];
            destination[i] = (float)((x * M00) + (y * M10) + (z * M20) + M30);
            destination[i + 1] = (float)((x * M01) + (y * M11) + (z * M21) + M31);
            destination[i + 2] = (float)((x * M02) + (y * M12) + (z * M22) + M32);
        }
    }
}
