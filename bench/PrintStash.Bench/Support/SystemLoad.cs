using System.Diagnostics;
using System.Globalization;

namespace PrintStash.Bench.Support;

/// <summary>
/// The machine's load average. Other work on a 2-core box (builds, test runs) skews every timing, so each benchmark
/// prints the load around it, and <c>--wait-idle</c> waits (up to 15 minutes) for the 1-minute load to drop below 1.
/// </summary>
internal static class SystemLoad
{
    public static string Describe() => File.Exists("/proc/loadavg")
        ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "load average unknown";

    public static double OneMinute() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : 0;

    public static async Task WaitForIdleAsync(double threshold, TimeSpan limit, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var announced = false;
        while (OneMinute() >= threshold && waited.Elapsed < limit)
        {
            if (!announced)
            {
                Console.WriteLine($"  waiting for the machine to go idle ({Describe()}, want < {threshold.ToString(CultureInfo.InvariantCulture)})...");
                announced = true;
            }

            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        if (announced)
        {
            Console.WriteLine($"  waited {Stats.Seconds(waited.Elapsed)}; {Describe()}");
        }
    }
}
