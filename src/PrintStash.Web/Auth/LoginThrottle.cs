using PrintStash.Domain.Settings;

namespace PrintStash.Web.Auth;

/// <summary>
/// Counts failed sign-ins per user name and per client address; after too many in a row, sign-in is paused for a
/// while. In memory (one instance serves a site) and bounded: old entries are dropped first.
/// </summary>
public sealed class LoginThrottle(ISettingsResolver settings, TimeProvider time)
{
    public const int MaxTrackedKeys = 10_000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public TimeSpan? LockedFor(string userName, string? remoteIp)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var longest = Keys(userName, remoteIp)
                .Select(key => entries.TryGetValue(key, out var entry) ? entry.LockedUntil - now : TimeSpan.Zero)
                .Max();
            return longest > TimeSpan.Zero ? longest : null;
        }
    }

    public void RecordFailure(string userName, string? remoteIp)
    {
        var now = time.GetUtcNow();
        var maxFailures = settings.Get(SettingCatalog.MaxFailedSignIns);
        var lockout = TimeSpan.FromMinutes(settings.Get(SettingCatalog.LockoutMinutes));
        lock (gate)
        {
            foreach (var key in Keys(userName, remoteIp))
            {
                var entry = entries.TryGetValue(key, out var existing) && now - existing.LastFailure < lockout
                    ? existing
                    : new Entry(0, now, DateTimeOffset.MinValue);
                var failures = entry.Failures + 1;
                entries[key] = new Entry(failures, now, failures >= maxFailures ? now + lockout : entry.LockedUntil);
            }

            Trim(now, lockout);
        }
    }

    public void RecordSuccess(string userName)
    {
        lock (gate)
        {
            entries.Remove(UserKey(userName));
        }
    }

    private void Trim(DateTimeOffset now, TimeSpan lockout)
    {
        if (entries.Count <= MaxTrackedKeys)
        {
            return;
        }

        foreach (var stale in entries.Where(e => now - e.Value.LastFailure >= lockout && e.Value.LockedUntil <= now).Select(e => e.Key).ToList())
        {
            entries.Remove(stale);
        }

        foreach (var oldest in entries.OrderBy(e => e.Value.LastFailure).Take(entries.Count - MaxTrackedKeys).Select(e => e.Key).ToList())
        {
            entries.Remove(oldest);
        }
    }

    private static IEnumerable<string> Keys(string userName, string? remoteIp)
    {
        yield return UserKey(userName);
        if (!string.IsNullOrEmpty(remoteIp))
        {
            yield return $"ip:{remoteIp}";
        }
    }

    private static string UserKey(string userName) => $"user:{userName.Trim().ToUpperInvariant()}";

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset LockedUntil);
}
