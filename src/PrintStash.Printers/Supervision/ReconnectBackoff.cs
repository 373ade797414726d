namespace PrintStash.Printers.Supervision;

/// <summary>
/// Capped exponential back-off with jitter: initial, 2×, 4×… up to the cap, each delay scaled by a random factor in
/// [0.8, 1.2] (never above the cap) so a farm of printers that dropped together does not reconnect in lock-step.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Func<double> random)
{
    private const double Jitter = 0.2;
    private int failures;

    public int Failures => failures;

    public TimeSpan NextDelay()
    {
        var exponent = Math.Min(failures, 30);
        failures++;
        var baseTicks = Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, exponent));
        var factor = 1 - Jitter + (2 * Jitter * Math.Clamp(random(), 0, 1));
        return TimeSpan.FromTicks((long)Math.Min(max.Ticks, baseTicks * factor));
    }

    public void Reset() => failures = 0;
}
