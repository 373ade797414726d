using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Api;

public sealed partial class MeApiTests
{
    [Fact]
    public async Task CreateApiKey_WithCookie_ShowsTheKeyOnceInTheDocumentedForm()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Designer);
        using var browser = await app.SignInAsync(user);

        using var response = await browser.PostAsJsonAsync("/api/v1/me/api-keys", new { label = "OrcaSlicer on my laptop" });

        var created = await HttpAssert.JsonAsync<CreatedApiKeyResponse>(response, HttpStatusCode.Created);
        Assert.Matches(KeyPattern(), created.Key);
        Assert.Equal($"ps_{created.ApiKey.Prefix}_", created.Key[..12]);
        Assert.Equal("OrcaSlicer on my laptop", created.ApiKey.Label);
        Assert.True(created.ApiKey.IsUsable);
        Assert.Null(created.ApiKey.ExpiresAt);
        Assert.Equal($"/api/v1/me/api-keys/{created.ApiKey.Id}", response.Headers.Location?.OriginalString);
        Assert.Contains(await app.AuditEventsAsync(AuditActions.ApiKeyCreated), e => e.TargetId == created.ApiKey.Prefix && e.ActorName == user.UserName);
    }

    [Fact]
    public async Task CreateApiKey_WithApiKey_CreatesAnotherKeyForTheSameOwner()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var client = app.CreateApiClient(await app.CreateApiKeyAsync(user));

        using var response = await client.PostAsJsonAsync("/api/v1/me/api-keys", new { label = "script" });
        var created = await HttpAssert.JsonAsync<CreatedApiKeyResponse>(response, HttpStatusCode.Created);

        using var second = app.CreateApiClient(created.Key);
        var me = await HttpAssert.JsonAsync<MeResponse>(await second.GetAsync("/api/v1/me"));
        Assert.Equal(user.Id, me.Id);
    }

    [Fact]
    public async Task ListApiKeys_AfterCreation_NeverContainsTheSecret()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var browser = await app.SignInAsync(user);
        var created = await HttpAssert.JsonAsync<CreatedApiKeyResponse>(
            await browser.PostAsJsonAsync("/api/v1/me/api-keys", new { label = "one" }), HttpStatusCode.Created);
        var secret = created.Key[12..];

        using var response = await browser.GetAsync("/api/v1/me/api-keys");

        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        var keys = await response.Content.ReadFromJsonAsync<List<ApiKeyResponse>>();
        var listed = Assert.Single(keys!);
        Assert.Equal(created.ApiKey.Id, listed.Id);
        Assert.Equal(created.ApiKey.Prefix, listed.Prefix);
    }

    [Fact]
    public async Task CreateApiKey_Stored_OnlyAsSha256OfTheWholeKey()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var client = app.CreateApiClient(await app.CreateApiKeyAsync(user));
        var created = await HttpAssert.JsonAsync<CreatedApiKeyResponse>(
            await client.PostAsJsonAsync("/api/v1/me/api-keys", new { label = "hash check" }), HttpStatusCode.Created);
        var secret = created.Key[12..];

        // Straight from the SQLite file, every column of every key row.
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM api_keys WHERE Prefix = $prefix";
        command.Parameters.AddWithValue("$prefix", created.ApiKey.Prefix);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var value = reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            Assert.DoesNotContain(secret, value, StringComparison.Ordinal);
        }

        Assert.Equal(ApiKeyFormat.Hash(created.Key), reader.GetString(reader.GetOrdinal("SecretHash")));
        Assert.Matches("^[0-9a-f]{64}$", reader.GetString(reader.GetOrdinal("SecretHash")));
    }

    [Fact]
    public async Task CreateApiKey_EmptyLabel_Answers400Problem()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Viewer);

        using var response = await client.PostAsJsonAsync("/api/v1/me/api-keys", new { label = "  " });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "label");
    }

    [Fact]
    public async Task CreateApiKey_ExpiryInThePast_Answers400Problem()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Viewer);

        using var response = await client.PostAsJsonAsync("/api/v1/me/api-keys", new { label = "old", expiresAt = app.Time.GetUtcNow().AddMinutes(-1).UtcDateTime });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "must be in the future");
    }

    [Fact]
    public async Task CreateApiKey_NoBody_Answers400Problem()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Viewer);

        using var response = await client.PostAsync("/api/v1/me/api-keys", HttpAssert.Json("null"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "label");
    }

    [Fact]
    public async Task RevokeApiKey_Own_MarksItRevokedAndAudits()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var client = app.CreateApiClient(await app.CreateApiKeyAsync(user, "keeper"));
        var victim = await HttpAssert.JsonAsync<CreatedApiKeyResponse>(
            await client.PostAsJsonAsync("/api/v1/me/api-keys", new { label = "to revoke" }), HttpStatusCode.Created);

        var revoked = await HttpAssert.JsonAsync<ApiKeyResponse>(await client.DeleteAsync($"/api/v1/me/api-keys/{victim.ApiKey.Id}"));

        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, revoked.RevokedAt);
        Assert.False(revoked.IsUsable);
        Assert.Contains(await app.AuditEventsAsync(AuditActions.ApiKeyRevoked), e => e.TargetId == victim.ApiKey.Prefix);
    }

    [Fact]
    public async Task RevokeApiKey_OfAnotherUser_Answers404AndLeavesItWorking()
    {
        await using var app = new PrintStashAppFactory();
        var owner = await app.CreateUserAsync(UserRole.Viewer);
        var ownersKey = await app.CreateApiKeyAsync(owner);
        using var ownerClient = app.CreateApiClient(ownersKey);
        var keyId = (await HttpAssert.JsonAsync<List<ApiKeyResponse>>(await ownerClient.GetAsync("/api/v1/me/api-keys"))).Single().Id;
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await admin.DeleteAsync($"/api/v1/me/api-keys/{keyId}");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        await HttpAssert.StatusAsync(await ownerClient.GetAsync("/api/v1/me"), HttpStatusCode.OK);
    }

    [GeneratedRegex("^ps_[a-z0-9]{8}_[A-Za-z0-9]{32}$")]
    private static partial Regex KeyPattern();
}
