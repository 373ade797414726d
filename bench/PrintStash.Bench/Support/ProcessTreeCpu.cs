using System.Globalization;

namespace PrintStash.Bench.Support;

/// <summary>CPU time used so far by the descendants of a process (Linux /proc; e.g. the Playwright driver and Chromium).</summary>
internal static class ProcessTreeCpu
{
    /// <summary>USER_HZ: the unit of utime/stime in /proc/pid/stat (100 on Linux for every common architecture).</summary>
    private const double TicksPerSecond = 100;

    public static TimeSpan OfDescendants(int rootPid)
    {
        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The command name is in parentheses and may hold spaces: fields start after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Gone between listing and reading.
            }
        }

        long total = 0;
        foreach (var (pid, used) in ticks)
        {
            for (var p = parents.GetValueOrDefault(pid); p > 1; p = parents.GetValueOrDefault(p))
            {
                if (p == rootPid)
                {
                    total += used;
                    break;
                }
            }
        }

        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }
}
