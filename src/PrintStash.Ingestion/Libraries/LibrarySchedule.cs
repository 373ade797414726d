using Quartz;

namespace PrintStash.Ingestion.Libraries;

/// <summary>Cron schedules of library scans (Quartz syntax, with seconds), with the presets the UI offers.</summary>
public static class LibrarySchedule
{
    public static readonly IReadOnlyDictionary<string, string> Presets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["hourly"] = "0 0 * * * ?",
        ["nightly"] = "0 0 3 * * ?",
        ["weekly"] = "0 0 3 ? * SUN",
    };

    /// <summary>A preset name or a cron expression → the cron expression; null for "no schedule".</summary>
    public static string? Resolve(string? scheduleOrPreset)
    {
        if (string.IsNullOrWhiteSpace(scheduleOrPreset) || scheduleOrPreset.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = scheduleOrPreset.Trim();
        return Presets.TryGetValue(text, out var preset) ? preset : text;
    }

    public static string? Problem(string? cron)
    {
        if (cron is null)
        {
            return null;
        }

        try
        {
            _ = new CronExpression(cron);
            return null;
        }
        catch (FormatException ex)
        {
            return $"'{cron}' is not a valid cron schedule ({ex.Message}); use hourly, nightly, weekly or a Quartz cron such as '0 30 2 * * ?'";
        }
    }

    public static DateTimeOffset? NextRun(string? cron, DateTimeOffset after, TimeZoneInfo zone)
    {
        if (cron is null || Problem(cron) is not null)
        {
            return null;
        }

        return new CronExpression(cron, zone).GetNextValidTimeAfter(after);
    }
}
