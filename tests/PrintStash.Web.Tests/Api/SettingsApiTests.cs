using System.Net;
using System.Text.Json;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Settings;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Api;

public sealed class SettingsApiTests
{
    private const string MaxFailures = "Auth:MaxFailedSignIns";

    [Fact]
    public async Task ListSettings_AsAdmin_ShowsFrozenAndLiveSettingsWithTheirSources()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        var settings = await HttpAssert.JsonAsync<List<SettingResponse>>(await admin.GetAsync("/api/v1/settings"));

        var dataDir = settings.Single(s => s.Key == "PrintStash:DataDir");
        Assert.False(dataDir.Editable);
        Assert.Equal(app.DataDir, dataDir.Value);
        Assert.Equal("in-memory", dataDir.Source);

        var provider = settings.Single(s => s.Key == "PrintStash:Database:Provider");
        Assert.Equal("Sqlite", provider.Value);
        Assert.Equal("appsettings.json", provider.Source);

        var connection = settings.Single(s => s.Key == "PrintStash:Database:ConnectionString");
        Assert.Contains(app.DatabasePath, connection.Value, StringComparison.Ordinal);
        Assert.Equal(SettingSources.Default, connection.Source);

        var maxFailures = settings.Single(s => s.Key == MaxFailures);
        Assert.True(maxFailures.Editable);
        Assert.Equal("5", maxFailures.Value);
        Assert.Equal(SettingSources.Default, maxFailures.Source);
        Assert.Equal("whole number", maxFailures.Type);
        Assert.Equal("1–100", maxFailures.Constraint);

        Assert.Equal(
            new SettingCatalog().All.Select(s => s.Key).Order(StringComparer.Ordinal),
            settings.Where(s => s.Editable).Select(s => s.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SetSetting_WrongType_Answers400AndChangesNothing()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await PutAsync(admin, MaxFailures, "abc");

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "must be a whole number");
        Assert.Contains("'abc'", problem.Detail, StringComparison.Ordinal);
        await AssertUnchangedAsync(app, admin);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-5")]
    public async Task SetSetting_OutOfRange_Answers400WithTheRange(string value)
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await PutAsync(admin, MaxFailures, value);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "between 1 and 100");
        await AssertUnchangedAsync(app, admin);
    }

    [Theory]
    [InlineData("No:Such")]
    [InlineData("DataDir")]
    [InlineData("PrintStash:DataDir")]
    public async Task SetSetting_UnknownOrFrozenKey_Answers400(string key)
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await PutAsync(admin, key, "7");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "is not a setting that can be changed at runtime");
        Assert.Empty(await app.AuditEventsAsync(AuditActions.SettingChanged));
    }

    [Fact]
    public async Task SetSetting_MissingValue_Answers400()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await admin.PutAsync($"/api/v1/settings/{MaxFailures}", HttpAssert.Json("{}"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "must be a whole number");
        await AssertUnchangedAsync(app, admin);
    }

    [Fact]
    public async Task SetSetting_Valid_IsStoredAsAdminOverrideAndAudited()
    {
        await using var app = new PrintStashAppFactory();
        var adminUser = await app.CreateUserAsync(UserRole.Admin);
        using var admin = app.CreateApiClient(await app.CreateApiKeyAsync(adminUser));

        var saved = await HttpAssert.JsonAsync<SettingResponse>(await PutAsync(admin, MaxFailures.ToLowerInvariant(), " 7 "));

        Assert.Equal(MaxFailures, saved.Key);
        Assert.Equal("7", saved.Value);
        Assert.Equal(SettingSources.Overlay, saved.Source);
        Assert.Equal("admin override (database)", saved.Source);
        var listed = (await HttpAssert.JsonAsync<List<SettingResponse>>(await admin.GetAsync("/api/v1/settings"))).Single(s => s.Key == MaxFailures);
        Assert.Equal(saved, listed);

        var audit = Assert.Single(await app.AuditEventsAsync(AuditActions.SettingChanged));
        Assert.Equal(adminUser.UserName, audit.ActorName);
        Assert.Equal(MaxFailures, audit.TargetId);
        using var details = JsonDocument.Parse(audit.DetailsJson!);
        Assert.Equal("5", details.RootElement.GetProperty("from").GetString());
        Assert.Equal("7", details.RootElement.GetProperty("to").GetString());
    }

    [Fact]
    public async Task ClearSetting_Overridden_FallsBackToTheDefault()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        await HttpAssert.StatusAsync(await PutAsync(admin, MaxFailures, "9"), HttpStatusCode.OK);

        using var response = await admin.DeleteAsync($"/api/v1/settings/{MaxFailures}");

        await HttpAssert.StatusAsync(response, HttpStatusCode.NoContent);
        var setting = (await HttpAssert.JsonAsync<List<SettingResponse>>(await admin.GetAsync("/api/v1/settings"))).Single(s => s.Key == MaxFailures);
        Assert.Equal("5", setting.Value);
        Assert.Equal(SettingSources.Default, setting.Source);
        Assert.Single(await app.AuditEventsAsync(AuditActions.SettingCleared));
    }

    [Fact]
    public async Task ClearSetting_KeyInAnotherCase_RemovesTheOverrideLikeSetDoes()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        await HttpAssert.StatusAsync(await PutAsync(admin, "auth:maxfailedsignins", "9"), HttpStatusCode.OK);

        await HttpAssert.StatusAsync(await admin.DeleteAsync("/api/v1/settings/auth:maxfailedsignins"), HttpStatusCode.NoContent);

        var setting = (await HttpAssert.JsonAsync<List<SettingResponse>>(await admin.GetAsync("/api/v1/settings"))).Single(s => s.Key == MaxFailures);
        Assert.Equal(SettingSources.Default, setting.Source);
        Assert.Equal(MaxFailures, Assert.Single(await app.AuditEventsAsync(AuditActions.SettingCleared)).TargetId);
    }

    [Fact]
    public async Task ClearSetting_NotOverridden_Answers404()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        await HttpAssert.ProblemAsync(await admin.DeleteAsync($"/api/v1/settings/{MaxFailures}"), HttpStatusCode.NotFound, "has no override");
    }

    [Fact]
    public async Task SetSetting_ConfiguredValueOverridden_OverlayWinsAndClearingRestoresConfiguration()
    {
        await using var app = new PrintStashAppFactory(settings: new Dictionary<string, string?> { ["PrintStash:Site:Name"] = "Garage Farm" });
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        var before = (await HttpAssert.JsonAsync<List<SettingResponse>>(await admin.GetAsync("/api/v1/settings"))).Single(s => s.Key == "Site:Name");
        Assert.Equal(("Garage Farm", "in-memory"), (before.Value, before.Source));

        var saved = await HttpAssert.JsonAsync<SettingResponse>(await PutAsync(admin, "Site:Name", "Print Lab"));
        Assert.Equal(("Print Lab", SettingSources.Overlay), (saved.Value, saved.Source));

        await HttpAssert.StatusAsync(await admin.DeleteAsync("/api/v1/settings/Site:Name"), HttpStatusCode.NoContent);
        var after = (await HttpAssert.JsonAsync<List<SettingResponse>>(await admin.GetAsync("/api/v1/settings"))).Single(s => s.Key == "Site:Name");
        Assert.Equal(("Garage Farm", "in-memory"), (after.Value, after.Source));
    }

    [Theory]
    [InlineData(UserRole.Viewer)]
    [InlineData(UserRole.Operator)]
    public async Task Settings_NonAdmin_Answers403(UserRole role)
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(role);

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/settings"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await PutAsync(client, MaxFailures, "7"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await client.DeleteAsync($"/api/v1/settings/{MaxFailures}"), HttpStatusCode.Forbidden);
        Assert.Empty(await app.AuditEventsAsync(AuditActions.SettingChanged));
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string key, string value) =>
        client.PutAsync($"/api/v1/settings/{key}", HttpAssert.Json(JsonSerializer.Serialize(new { value })));

    private static async Task AssertUnchangedAsync(PrintStashAppFactory app, HttpClient admin)
    {
        var setting = (await HttpAssert.JsonAsync<List<SettingResponse>>(await admin.GetAsync("/api/v1/settings"))).Single(s => s.Key == MaxFailures);
        Assert.Equal(("5", SettingSources.Default), (setting.Value, setting.Source));
        Assert.Empty(await app.AuditEventsAsync(AuditActions.SettingChanged));
    }
}
