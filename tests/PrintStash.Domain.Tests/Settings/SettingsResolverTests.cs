using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Settings;
using PrintStash.Domain.Tests.TestSupport;

namespace PrintStash.Domain.Tests.Settings;

/// <summary>The resolver against a real, migrated SQLite database in a temp folder.</summary>
public sealed class SettingsResolverTests : IAsyncLifetime
{
    private static readonly AuditActor Alice = new(Guid.NewGuid(), "alice", "127.0.0.1");

    private readonly FakeTimeProvider time = new();
    private TestDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(DatabaseProviders.Sqlite);
        await database.InitializeAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public void Get_NothingConfigured_ReturnsDefaultFromDefaultLayer()
    {
        var resolver = CreateResolver();

        Assert.Equal(15, resolver.Get(SettingCatalog.LockoutMinutes));
        Assert.Equal("PrintStash", resolver.Get(SettingCatalog.SiteName));
        Assert.Equal(SettingSources.Default, Describe(resolver, SettingCatalog.LockoutMinutes).Source);
    }

    [Fact]
    public void Get_ConfigurationValue_WinsOverDefaultAndNamesTheLayer()
    {
        var resolver = CreateResolver(("PrintStash:Auth:LockoutMinutes", "20"));

        Assert.Equal(20, resolver.Get(SettingCatalog.LockoutMinutes));
        var effective = Describe(resolver, SettingCatalog.LockoutMinutes);
        Assert.Equal("20", effective.Value);
        Assert.Equal("in-memory", effective.Source);
        Assert.Equal("15", effective.DefaultValue);
    }

    [Fact]
    public void Get_InvalidConfigurationValue_FallsBackToDefault()
    {
        var resolver = CreateResolver(("PrintStash:Auth:LockoutMinutes", "forever"));

        Assert.Equal(15, resolver.Get(SettingCatalog.LockoutMinutes));
        Assert.Equal(SettingSources.Default, Describe(resolver, SettingCatalog.LockoutMinutes).Source);
    }

    [Fact]
    public async Task SetOverride_OverConfiguration_OverlayWinsAndIsStored()
    {
        var resolver = CreateResolver(("PrintStash:Auth:LockoutMinutes", "20"));

        var result = await resolver.SetOverrideAsync("Auth:LockoutMinutes", " 45 ", Alice, CancellationToken.None);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal("45", result.CanonicalValue);
        Assert.Equal(45, resolver.Get(SettingCatalog.LockoutMinutes));
        Assert.Equal(SettingSources.Overlay, Describe(resolver, SettingCatalog.LockoutMinutes).Source);

        await using var context = database.CreateContext();
        var row = Assert.Single(await context.SettingOverrides.ToListAsync());
        Assert.Equal(("Auth:LockoutMinutes", "45", "alice", time.GetUtcNow().UtcDateTime), (row.Key, row.Value, row.UpdatedBy, row.UpdatedAt));
    }

    [Fact]
    public async Task SetOverride_StoredValue_SeenByAnotherResolverAfterReload()
    {
        await CreateResolver().SetOverrideAsync("Site:Name", "  Workshop  ", Alice, CancellationToken.None);
        var other = CreateResolver();
        Assert.Equal("PrintStash", other.Get(SettingCatalog.SiteName));

        await other.ReloadAsync(CancellationToken.None);

        Assert.Equal("Workshop", other.Get(SettingCatalog.SiteName));
        Assert.Equal(SettingSources.Overlay, Describe(other, SettingCatalog.SiteName).Source);
    }

    [Fact]
    public async Task SetOverride_KeyInOtherCase_StoredUnderCatalogKey()
    {
        var resolver = CreateResolver();

        var result = await resolver.SetOverrideAsync("auth:sessiondays", "7", Alice, CancellationToken.None);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(7, resolver.Get(SettingCatalog.SessionDays));
        await using var context = database.CreateContext();
        Assert.Equal("Auth:SessionDays", Assert.Single(await context.SettingOverrides.ToListAsync()).Key);
    }

    [Fact]
    public async Task SetOverride_WrongType_RejectedWithClearMessageAndNothingStored()
    {
        var resolver = CreateResolver(("PrintStash:Auth:LockoutMinutes", "20"));

        var result = await resolver.SetOverrideAsync("Auth:LockoutMinutes", "abc", Alice, CancellationToken.None);

        Assert.False(result.IsValid);
        Assert.Null(result.CanonicalValue);
        Assert.Equal("Lockout minutes must be a whole number, got 'abc'.", result.Error);
        Assert.Equal(20, resolver.Get(SettingCatalog.LockoutMinutes));
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("0", "Lockout minutes must be between 1 and 1440, got 0.")]
    [InlineData("1441", "Lockout minutes must be between 1 and 1440, got 1441.")]
    [InlineData("-5", "Lockout minutes must be between 1 and 1440, got -5.")]
    public async Task SetOverride_OutOfRange_RejectedAndNothingStored(string raw, string expectedError)
    {
        var resolver = CreateResolver();

        var result = await resolver.SetOverrideAsync("Auth:LockoutMinutes", raw, Alice, CancellationToken.None);

        Assert.Equal(expectedError, result.Error);
        Assert.Equal(15, resolver.Get(SettingCatalog.LockoutMinutes));
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task SetOverride_EmptyText_Rejected(string raw)
    {
        var result = await CreateResolver().SetOverrideAsync("Site:Name", raw, Alice, CancellationToken.None);

        Assert.Equal("Site name cannot be empty.", result.Error);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task SetOverride_TextTooLong_Rejected()
    {
        var result = await CreateResolver().SetOverrideAsync("Site:Name", new string('x', 65), Alice, CancellationToken.None);

        Assert.Equal("Site name can be at most 64 characters long.", result.Error);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task SetOverride_UnknownKey_Rejected()
    {
        var result = await CreateResolver().SetOverrideAsync("DataDir", "/tmp/elsewhere", Alice, CancellationToken.None);

        Assert.False(result.IsValid);
        Assert.Equal("'DataDir' is not a setting that can be changed at runtime.", result.Error);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task ClearOverride_AfterOverride_FallsBackToConfiguration()
    {
        var resolver = CreateResolver(("PrintStash:Auth:LockoutMinutes", "20"));
        await resolver.SetOverrideAsync("Auth:LockoutMinutes", "45", Alice, CancellationToken.None);

        var cleared = await resolver.ClearOverrideAsync("Auth:LockoutMinutes", Alice, CancellationToken.None);

        Assert.True(cleared);
        Assert.Equal(20, resolver.Get(SettingCatalog.LockoutMinutes));
        Assert.Equal("in-memory", Describe(resolver, SettingCatalog.LockoutMinutes).Source);
        await using var context = database.CreateContext();
        Assert.Empty(await context.SettingOverrides.ToListAsync());
    }

    [Fact]
    public async Task ClearOverride_NothingOverridden_ReturnsFalseAndWritesNoAudit()
    {
        var cleared = await CreateResolver().ClearOverrideAsync("Auth:LockoutMinutes", Alice, CancellationToken.None);

        Assert.False(cleared);
        await using var context = database.CreateContext();
        Assert.Empty(await context.AuditEvents.ToListAsync());
    }

    [Fact]
    public async Task Reload_StoredOverrideNoLongerValid_FallsBackToConfiguration()
    {
        await using (var context = database.CreateContext())
        {
            context.SettingOverrides.Add(new SettingOverride { Key = "Auth:LockoutMinutes", Value = "abc", UpdatedAt = time.GetUtcNow().UtcDateTime });
            await context.SaveChangesAsync();
        }

        var resolver = CreateResolver(("PrintStash:Auth:LockoutMinutes", "20"));
        await resolver.ReloadAsync(CancellationToken.None);

        Assert.Equal(20, resolver.Get(SettingCatalog.LockoutMinutes));
        Assert.Equal("in-memory", Describe(resolver, SettingCatalog.LockoutMinutes).Source);
    }

    [Fact]
    public async Task SetAndClearOverride_EachChange_WritesAuditEventWithActor()
    {
        var resolver = CreateResolver();
        await resolver.SetOverrideAsync("Auth:LockoutMinutes", "45", Alice, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await resolver.SetOverrideAsync("Auth:LockoutMinutes", "50", Alice, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        var bob = new AuditActor(Guid.NewGuid(), "bob", "10.0.0.2");
        await resolver.ClearOverrideAsync("Auth:LockoutMinutes", bob, CancellationToken.None);

        await using var context = database.CreateContext();
        var events = await context.AuditEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Collection(
            events,
            e => AssertSettingEvent(e, AuditActions.SettingChanged, Alice, "15", "45"),
            e => AssertSettingEvent(e, AuditActions.SettingChanged, Alice, "45", "50"),
            e =>
            {
                Assert.Equal(AuditActions.SettingCleared, e.Action);
                Assert.Equal(("bob", bob.UserId, "10.0.0.2"), (e.ActorName, e.ActorId, e.RemoteIp));
                Assert.Equal(("setting", "Auth:LockoutMinutes"), (e.TargetType, e.TargetId));
                Assert.Equal(time.GetUtcNow().UtcDateTime, e.At);
                Assert.Equal(DateTimeKind.Utc, e.At.Kind);
            });
    }

    [Fact]
    public void Describe_ListsFrozenSettingsAsNotEditableWithPasswordHidden()
    {
        var resolver = CreateResolver(
            new PrintStashOptions
            {
                Database = new DatabaseOptions { Provider = DatabaseProviders.Postgres, ConnectionString = "Host=db;Username=ps;Password=hunter2" },
            },
            ("PrintStash:Database:Provider", "Postgres"));

        var described = resolver.Describe();

        var provider = Assert.Single(described, s => s.Key == "PrintStash:Database:Provider");
        Assert.False(provider.Editable);
        Assert.Equal(("Postgres", "in-memory"), (provider.Value, provider.Source));
        var connection = Assert.Single(described, s => s.Key == "PrintStash:Database:ConnectionString");
        Assert.DoesNotContain("hunter2", connection.Value, StringComparison.Ordinal);
        Assert.All(new SettingCatalog().All, s => Assert.True(Assert.Single(described, d => d.Key == s.Key).Editable));
    }

    private void AssertSettingEvent(AuditEvent e, string action, AuditActor actor, string from, string to)
    {
        Assert.Equal(action, e.Action);
        Assert.Equal((actor.Name, actor.UserId, actor.RemoteIp), (e.ActorName, e.ActorId, e.RemoteIp));
        Assert.Equal(("setting", "Auth:LockoutMinutes"), (e.TargetType, e.TargetId));
        using var details = JsonDocument.Parse(e.DetailsJson!);
        Assert.Equal(from, details.RootElement.GetProperty("from").GetString());
        Assert.Equal(to, details.RootElement.GetProperty("to").GetString());
        Assert.Equal(DateTimeKind.Utc, e.At.Kind);
    }

    private async Task AssertNothingStoredAsync()
    {
        await using var context = database.CreateContext();
        Assert.Empty(await context.SettingOverrides.ToListAsync());
        Assert.Empty(await context.AuditEvents.ToListAsync());
    }

    private static EffectiveSetting Describe(ISettingsResolver resolver, SettingDefinition setting) =>
        Assert.Single(resolver.Describe(), s => s.Key == setting.Key);

    private SettingsResolver CreateResolver(params (string Key, string Value)[] configuration) =>
        CreateResolver(database.Options, configuration);

    private SettingsResolver CreateResolver(PrintStashOptions options, params (string Key, string Value)[] configuration)
    {
        var root = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.Select(c => new KeyValuePair<string, string?>(c.Key, c.Value)))
            .Build();
        var audit = new AuditLog(database.ContextFactory, time);
        return new SettingsResolver(new SettingCatalog(), root, Options.Create(options), database.ContextFactory, audit, time);
    }
}
