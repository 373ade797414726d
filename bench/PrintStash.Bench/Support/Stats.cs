using System.Globalization;

namespace PrintStash.Bench.Support;

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string Ms(double milliseconds) =>
        milliseconds < 10
            ? milliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms"
            : milliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Ms(TimeSpan elapsed) => Ms(elapsed.TotalMilliseconds);

    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    public static string Bytes(long bytes) =>
        bytes >= 1 << 30 ? (bytes / (double)(1 << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB"
        : bytes >= 1 << 20 ? MiB(bytes)
        : bytes >= 1 << 10 ? (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " B";

    public static string MiBPerSecond(long bytes, TimeSpan elapsed) =>
        (bytes / 1024.0 / 1024.0 / elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) + " MiB/s";

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static string Int(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
