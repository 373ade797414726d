using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Auth;

public sealed class ApiKeyAuthenticationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ApiKey_InEitherHeader_AuthenticatesAsItsOwner(bool useXApiKeyHeader)
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Operator);
        using var client = app.CreateApiClient(await app.CreateApiKeyAsync(user), useXApiKeyHeader);

        var me = await HttpAssert.JsonAsync<MeResponse>(await client.GetAsync("/api/v1/me"));

        Assert.Equal(user.Id, me.Id);
        Assert.Equal(user.UserName, me.UserName);
        Assert.Equal("Operator", me.Role);
        Assert.Equal(ApiKeyAuthenticationHandler.SchemeName, me.AuthenticatedWith);
    }

    [Fact]
    public async Task ApiKey_Used_RecordsLastUsedAt()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var client = app.CreateApiClient(await app.CreateApiKeyAsync(user));
        app.Time.Advance(TimeSpan.FromMinutes(5));

        await HttpAssert.StatusAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.OK);

        var key = (await HttpAssert.JsonAsync<List<ApiKeyResponse>>(await client.GetAsync("/api/v1/me/api-keys"))).Single();
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, key.LastUsedAt);
    }

    [Fact]
    public async Task ApiKey_AfterItsExpiry_Answers401SayingItExpired()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var creator = app.CreateApiClient(await app.CreateApiKeyAsync(user));
        var expiresAt = app.Time.GetUtcNow().AddDays(1).UtcDateTime;
        var created = await HttpAssert.JsonAsync<CreatedApiKeyResponse>(
            await creator.PostAsJsonAsync("/api/v1/me/api-keys", new { label = "short-lived", expiresAt }), HttpStatusCode.Created);
        Assert.Equal(expiresAt, created.ApiKey.ExpiresAt);
        using var client = app.CreateApiClient(created.Key);
        await HttpAssert.StatusAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.OK);

        app.Time.Advance(TimeSpan.FromDays(1));

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "expired");
    }

    [Fact]
    public async Task ApiKey_Revoked_Answers401SayingItWasRevoked()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        var key = await app.CreateApiKeyAsync(user);
        using var client = app.CreateApiClient(key);
        var id = (await HttpAssert.JsonAsync<List<ApiKeyResponse>>(await client.GetAsync("/api/v1/me/api-keys"))).Single().Id;
        await HttpAssert.StatusAsync(await client.DeleteAsync($"/api/v1/me/api-keys/{id}"), HttpStatusCode.OK);

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "revoked");
    }

    [Theory]
    [InlineData("ps_bad")]
    [InlineData("random junk")]
    [InlineData("ps_ABCDEFGH_abcdefghijklmnopqrstuvwxyz012345")]
    [InlineData("ps_abcdefgh_abcdefghijklmnopqrstuvwxyz01234")]
    [InlineData("ps_abcdefgh_abcdefghijklmnopqrstuvwxyz01234!")]
    [InlineData("ps_abcdefgh_abcdefghijklmnopqrstuvwxyz01234\u00e9")]
    public async Task ApiKey_Malformed_Answers401WithTheExpectedForm(string presented)
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        using var client = app.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.TryAddWithoutValidation(ApiKeyAuthenticationHandler.HeaderName, presented);

        using var response = await client.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "expected ps_<prefix>_<secret>");
    }

    [Fact]
    public async Task ApiKey_RightPrefixWrongSecret_Answers401UnknownKey()
    {
        await using var app = new PrintStashAppFactory();
        var key = await app.CreateApiKeyAsync(await app.CreateUserAsync(UserRole.Admin));
        var forged = key[..12] + new string('A', 32);
        using var client = app.CreateApiClient(forged);

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "Unknown API key");
    }

    [Fact]
    public async Task ApiKey_WellFormedButNeverIssued_Answers401UnknownKey()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        using var client = app.CreateApiClient(ApiKeyFormat.Generate().Key);

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "Unknown API key");
    }

    [Fact]
    public async Task ApiKey_EmptyBearer_Answers401NotServerError()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        using var client = app.CreateBrowser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", " ");

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiKey_Huge_Answers401NotServerError()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        using var client = app.CreateApiClient("ps_" + new string('a', 8000));

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "Malformed");
    }

    [Fact]
    public async Task ApiKey_OfDeactivatedUser_Answers401()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Operator);
        using var client = app.CreateApiClient(await app.CreateApiKeyAsync(user));
        await HttpAssert.StatusAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.OK);

        var result = await app.Services.GetRequiredService<UserAccounts>().SetActiveAsync(user.Id, false, AuditActor.System, CancellationToken.None);
        Assert.True(result.Succeeded);

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "deactivated");
    }

    [Fact]
    public async Task ApiKey_OwnerDemoted_ActsWithTheNewRoleAtOnce()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin, "keeper-admin");
        var user = await app.CreateUserAsync(UserRole.Admin);
        using var client = app.CreateApiClient(await app.CreateApiKeyAsync(user));
        await HttpAssert.StatusAsync(await client.GetAsync("/api/v1/users"), HttpStatusCode.OK);

        var result = await app.Services.GetRequiredService<UserAccounts>().ChangeRoleAsync(user.Id, UserRole.Viewer, AuditActor.System, CancellationToken.None);
        Assert.True(result.Succeeded);

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/users"), HttpStatusCode.Forbidden);
    }
}
