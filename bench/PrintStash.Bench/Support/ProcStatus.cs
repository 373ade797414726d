using System.Globalization;

namespace PrintStash.Bench.Support;

/// <summary>Memory figures of a Linux process from /proc/&lt;pid&gt;/status (kB values turned into bytes).</summary>
internal static class ProcStatus
{
    /// <summary>Resident set size now (VmRSS), or null when the process is gone.</summary>
    public static long? Rss(int pid) => Read(pid, "VmRSS:");

    /// <summary>Peak resident set size (VmHWM) since start or since <see cref="ResetPeak"/>.</summary>
    public static long? PeakRss(int pid) => Read(pid, "VmHWM:");

    /// <summary>Resets VmHWM to the current RSS (writes 5 to /proc/self/clear_refs); false when the kernel refuses.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? Read(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process exited between two samples.
        }

        return null;
    }
}
