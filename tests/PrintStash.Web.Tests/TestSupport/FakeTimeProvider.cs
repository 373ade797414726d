namespace PrintStash.Web.Tests.TestSupport;

/// <summary>A clock that only moves when a test moves it; starts at the real current time so cookies and keys look normal.</summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now;

    public FakeTimeProvider()
        : this(TruncateToSeconds(System.GetUtcNow()))
    {
    }

    public FakeTimeProvider(DateTimeOffset start)
    {
        now = start;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (gate)
        {
            now += by;
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
