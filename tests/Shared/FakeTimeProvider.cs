namespace PrintStash.Tests.Shared;

/// <summary>
/// A clock that only moves when a test moves it (the TimeProvider testing package is not served here).
/// With <see cref="ControlsTimers"/>, timers (Task.Delay, PeriodicTimer, WaitAsync with this provider) fire when
/// <see cref="Advance"/> passes their due time; without it they run on real time, as before (hosts that share the
/// provider with framework code keep working). <see cref="Jump"/> moves the wall clock only, like an NTP correction.
/// </summary>
internal sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly Lock gate = new();
    private readonly List<FakeTimer> timers = [];
    private DateTimeOffset now = start;
    private long elapsedTicks;

    public FakeTimeProvider()
        : this(DefaultStart)
    {
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Timers and timestamps follow <see cref="Advance"/> instead of real time.</summary>
    public bool ControlsTimers { get; init; }

    public override long TimestampFrequency => ControlsTimers ? TimeSpan.TicksPerSecond : base.TimestampFrequency;

    /// <summary>Timers that are scheduled to fire (for tests that wait until a loop is parked on a delay).</summary>
    public int ActiveTimers
    {
        get
        {
            lock (gate)
            {
                return timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <summary>Starts at the real current time (whole seconds), for tests where a browser or cookie jar uses the real clock too.</summary>
    public static FakeTimeProvider StartingNow()
    {
        var real = System.GetUtcNow();
        return new FakeTimeProvider(new DateTimeOffset(real.Ticks - (real.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long GetTimestamp()
    {
        if (!ControlsTimers)
        {
            return base.GetTimestamp();
        }

        lock (gate)
        {
            return elapsedTicks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (!ControlsTimers)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new FakeTimer(this, callback, state);
        lock (gate)
        {
            timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target;
        lock (gate)
        {
            target = elapsedTicks + by.Ticks;
        }

        while (true)
        {
            FakeTimer? due;
            lock (gate)
            {
                due = timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                var until = due?.DueAt ?? target;
                if (until > elapsedTicks)
                {
                    now += TimeSpan.FromTicks(until - elapsedTicks);
                    elapsedTicks = until;
                }

                if (due is null)
                {
                    return;
                }

                due.DueAt = due.Period > 0 ? elapsedTicks + due.Period : null;
            }

            due.Fire();
        }
    }

    /// <summary>Moves the wall clock (either way) without moving elapsed time: timers are not affected.</summary>
    public void Jump(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }

    private void Schedule(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (gate)
        {
            timer.DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : elapsedTicks + Math.Max(0, dueTime.Ticks);
            timer.Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
        }
    }

    private void Remove(FakeTimer timer)
    {
        lock (gate)
        {
            timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long? DueAt { get; set; }

        public long Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            if (dueTime == TimeSpan.Zero)
            {
                owner.Advance(TimeSpan.Zero);
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            owner.Remove(this);
            return ValueTask.CompletedTask;
        }
    }
}
