using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Settings;
using PrintStash.Domain.Tests.TestSupport;

namespace PrintStash.Domain.Tests.Audit;

/// <summary>Audit log writes and queries on both database providers.</summary>
public sealed class AuditQueryTests
{
    private static readonly AuditActor Alice = new(Guid.NewGuid(), "Alice", "127.0.0.1");
    private static readonly AuditActor Bob = new(Guid.NewGuid(), "bob", "10.0.0.2");

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public static TheoryData<string> Providers => [DatabaseProviders.Sqlite, DatabaseProviders.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Find_NoFilter_ReturnsEverythingNewestFirst(string provider)
    {
        await using var database = await CreateDatabaseAsync(provider);
        await SeedAsync(database);

        var page = await new AuditQuery(database.ContextFactory).FindAsync(new AuditFilter(), CancellationToken.None);

        Assert.Equal(4, page.Total);
        Assert.Equal(["system:setting.cleared", "Alice:auth.sign_in", "bob:auth.sign_in", "Alice:setting.changed"], Describe(page));
        Assert.Equal(page.Events.Select(e => e.At).OrderDescending(), page.Events.Select(e => e.At));
        Assert.All(page.Events, e => Assert.Equal(DateTimeKind.Utc, e.At.Kind));
        Assert.Equal(time.GetUtcNow().UtcDateTime, page.Events[0].At);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Find_ByAction_ReturnsOnlyThatAction(string provider)
    {
        await using var database = await CreateDatabaseAsync(provider);
        await SeedAsync(database);

        var page = await new AuditQuery(database.ContextFactory).FindAsync(new AuditFilter(Action: AuditActions.SignIn), CancellationToken.None);

        Assert.Equal(2, page.Total);
        Assert.Equal(["Alice:auth.sign_in", "bob:auth.sign_in"], Describe(page));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Find_ByActorPart_MatchesIgnoringCase(string provider)
    {
        await using var database = await CreateDatabaseAsync(provider);
        await SeedAsync(database);

        var page = await new AuditQuery(database.ContextFactory).FindAsync(new AuditFilter(Actor: " alI "), CancellationToken.None);

        Assert.Equal(2, page.Total);
        Assert.Equal(["Alice:auth.sign_in", "Alice:setting.changed"], Describe(page));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Find_ByTimeRange_FromInclusiveToExclusive(string provider)
    {
        await using var database = await CreateDatabaseAsync(provider);
        var start = time.GetUtcNow().UtcDateTime;
        await SeedAsync(database);

        var filter = new AuditFilter(FromUtc: start.AddMinutes(1), ToUtc: start.AddMinutes(3));
        var page = await new AuditQuery(database.ContextFactory).FindAsync(filter, CancellationToken.None);

        Assert.Equal(["Alice:auth.sign_in", "bob:auth.sign_in"], Describe(page));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Find_AllFiltersTogether_AppliesEach(string provider)
    {
        await using var database = await CreateDatabaseAsync(provider);
        var start = time.GetUtcNow().UtcDateTime;
        await SeedAsync(database);

        var filter = new AuditFilter(Action: AuditActions.SignIn, Actor: "alice", FromUtc: start.AddMinutes(2));
        var page = await new AuditQuery(database.ContextFactory).FindAsync(filter, CancellationToken.None);

        Assert.Equal(1, page.Total);
        Assert.Equal(["Alice:auth.sign_in"], Describe(page));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Find_PageSizeOutOfRange_ClampedAndTotalCountsAll(string provider)
    {
        await using var database = await CreateDatabaseAsync(provider);
        await using (var context = database.CreateContext())
        {
            var at = time.GetUtcNow().UtcDateTime;
            context.AuditEvents.AddRange(Enumerable.Range(0, AuditQuery.MaxPageSize + 5).Select(i => new AuditEvent
            {
                At = at.AddSeconds(i),
                ActorName = "system",
                Action = AuditActions.SignInFailed,
                TargetId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
            await context.SaveChangesAsync();
        }

        var query = new AuditQuery(database.ContextFactory);
        var huge = await query.FindAsync(new AuditFilter(Take: 10_000), CancellationToken.None);
        var zero = await query.FindAsync(new AuditFilter(Take: 0), CancellationToken.None);
        var negativeSkip = await query.FindAsync(new AuditFilter(Skip: -10, Take: 3), CancellationToken.None);
        var secondPage = await query.FindAsync(new AuditFilter(Skip: 3, Take: 3), CancellationToken.None);

        Assert.Equal(AuditQuery.MaxPageSize, huge.Events.Count);
        Assert.Equal(AuditQuery.MaxPageSize + 5, huge.Total);
        Assert.Equal("204", huge.Events[0].TargetId);
        Assert.Single(zero.Events);
        Assert.Equal(["204", "203", "202"], negativeSkip.Events.Select(e => e.TargetId));
        Assert.Equal(["201", "200", "199"], secondPage.Events.Select(e => e.TargetId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Write_LongActorNameAndTarget_TruncatedToColumnSize(string provider)
    {
        await using var database = await CreateDatabaseAsync(provider);
        var log = new AuditLog(database.ContextFactory, time);

        await log.WriteAsync(new AuditActor(null, new string('a', 100), null), AuditActions.UserCreated, "user", new string('t', 300), new { name = "x" }, CancellationToken.None);

        var stored = Assert.Single((await new AuditQuery(database.ContextFactory).FindAsync(new AuditFilter(), CancellationToken.None)).Events);
        Assert.Equal(64, stored.ActorName.Length);
        Assert.Equal(128, stored.TargetId!.Length);
        Assert.Equal("{\"name\":\"x\"}", stored.DetailsJson);
    }

    private static async Task<TestDatabase> CreateDatabaseAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await database.InitializeAsync();
        return database;
    }

    /// <summary>Four events a minute apart: Alice changes a setting, bob and Alice sign in, the system clears a setting.</summary>
    private async Task SeedAsync(TestDatabase database)
    {
        var log = new AuditLog(database.ContextFactory, time);
        await log.WriteAsync(Alice, AuditActions.SettingChanged, "setting", "Site:Name", new { from = "PrintStash", to = "Lab" }, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await log.WriteAsync(Bob, AuditActions.SignIn, "user", Bob.UserId.ToString(), null, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await log.WriteAsync(Alice, AuditActions.SignIn, "user", Alice.UserId.ToString(), null, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await log.WriteAsync(AuditActor.System, AuditActions.SettingCleared, "setting", "Site:Name", null, CancellationToken.None);
    }

    private static string[] Describe(AuditPage page) => [.. page.Events.Select(e => $"{e.ActorName}:{e.Action}")];
}
