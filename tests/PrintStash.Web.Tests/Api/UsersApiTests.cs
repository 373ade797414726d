using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Api;

public sealed class UsersApiTests
{
    [Fact]
    public async Task CreateUser_Valid_Answers201AndTheUserCanSignIn()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "dana", displayName = "Dana", password = "dana-password", role = "designer", email = "dana@example.org" });

        var user = await HttpAssert.JsonAsync<UserResponse>(response, HttpStatusCode.Created);
        Assert.Equal(("dana", "Dana", "Designer", true), (user.UserName, user.DisplayName, user.Role, user.IsActive));
        Assert.Equal($"/api/v1/users/{user.Id}", response.Headers.Location?.OriginalString);
        Assert.Contains(await app.AuditEventsAsync(AuditActions.UserCreated), e => e.TargetId == "dana");
        using var browser = await app.SignInAsync(new TestUser(user.Id, "dana", "dana-password", UserRole.Designer));
        await HttpAssert.StatusAsync(await browser.GetAsync("/"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task CreateUser_DuplicateNameInAnyCase_Answers409()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Viewer, "dana");
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "DANA", password = "dana-password", role = "Viewer" });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict, "already taken");
    }

    [Theory]
    [InlineData("Superuser")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData(null)]
    public async Task CreateUser_BadRole_Answers400(string? role)
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "dana", password = "dana-password", role });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "Unknown role");
        await AssertNoUserAsync(app, "dana");
    }

    [Fact]
    public async Task CreateUser_ShortPassword_Answers400WithTheRule()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "dana", password = "1234567", role = "Viewer" });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "at least 8 characters");
        await AssertNoUserAsync(app, "dana");
    }

    [Theory]
    [InlineData("a")]
    [InlineData("dana smith")]
    [InlineData("dana/../x")]
    public async Task CreateUser_BadUserName_Answers400(string userName)
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName, password = "dana-password", role = "Viewer" });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "User names");
    }

    [Fact]
    public async Task ListUsers_AsAdmin_ReturnsEveryUserWithoutSecrets()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Viewer, "vera");
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await admin.GetAsync("/api/v1/users");

        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("password", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("stamp", raw, StringComparison.OrdinalIgnoreCase);
        var users = await HttpAssert.JsonAsync<List<UserResponse>>(response);
        Assert.Contains(users, u => u.UserName == "vera" && u.Role == "Viewer");
        Assert.Equal(2, users.Count);
    }

    [Fact]
    public async Task UpdateUser_ChangeRole_AppliesAndAudits()
    {
        await using var app = new PrintStashAppFactory();
        var vera = await app.CreateUserAsync(UserRole.Viewer, "vera");
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        var updated = await HttpAssert.JsonAsync<UserResponse>(await admin.PatchAsJsonAsync($"/api/v1/users/{vera.Id}", new { role = "Operator" }));

        Assert.Equal("Operator", updated.Role);
        var audit = Assert.Single(await app.AuditEventsAsync(AuditActions.UserRoleChanged));
        Assert.Equal("vera", audit.TargetId);
        using var details = JsonDocument.Parse(audit.DetailsJson!);
        Assert.Equal(("Viewer", "Operator"), (details.RootElement.GetProperty("from").GetString(), details.RootElement.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task UpdateUser_Deactivate_StopsTheirApiKeysAndAudits()
    {
        await using var app = new PrintStashAppFactory();
        var vera = await app.CreateUserAsync(UserRole.Viewer, "vera");
        using var veraClient = app.CreateApiClient(await app.CreateApiKeyAsync(vera));
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        var updated = await HttpAssert.JsonAsync<UserResponse>(await admin.PatchAsJsonAsync($"/api/v1/users/{vera.Id}", new { isActive = false }));

        Assert.False(updated.IsActive);
        Assert.Single(await app.AuditEventsAsync(AuditActions.UserDeactivated));
        await HttpAssert.ProblemAsync(await veraClient.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "deactivated");
    }

    [Fact]
    public async Task UpdateUser_ShortPassword_Answers400()
    {
        await using var app = new PrintStashAppFactory();
        var vera = await app.CreateUserAsync(UserRole.Viewer, "vera");
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        await HttpAssert.ProblemAsync(await admin.PatchAsJsonAsync($"/api/v1/users/{vera.Id}", new { password = "short" }), HttpStatusCode.BadRequest, "at least 8 characters");
    }

    [Fact]
    public async Task UpdateUser_NothingToChange_Answers400()
    {
        await using var app = new PrintStashAppFactory();
        var vera = await app.CreateUserAsync(UserRole.Viewer, "vera");
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        await HttpAssert.ProblemAsync(await admin.PatchAsJsonAsync($"/api/v1/users/{vera.Id}", new { }), HttpStatusCode.BadRequest, "at least one of");
    }

    [Fact]
    public async Task UpdateUser_UnknownId_Answers404()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        await HttpAssert.ProblemAsync(await admin.PatchAsJsonAsync($"/api/v1/users/{Guid.NewGuid()}", new { role = "Viewer" }), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"role":"Operator"}""")]
    [InlineData("""{"isActive":false}""")]
    public async Task UpdateUser_LastActiveAdmin_CannotBeDemotedOrDeactivated(string change)
    {
        await using var app = new PrintStashAppFactory();
        var only = await app.CreateUserAsync(UserRole.Admin, "only-admin");
        using var admin = app.CreateApiClient(await app.CreateApiKeyAsync(only));

        using var response = await admin.PatchAsync($"/api/v1/users/{only.Id}", HttpAssert.Json(change));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict, "last active Admin");
        await using var db = await app.CreateDbContextAsync();
        var stored = await db.Users.SingleAsync();
        Assert.Equal((UserRole.Admin, true), (stored.Role, stored.IsActive));
    }

    [Fact]
    public async Task UpdateUser_AdminWithAnotherActiveAdmin_CanBeDemoted()
    {
        await using var app = new PrintStashAppFactory();
        var first = await app.CreateUserAsync(UserRole.Admin, "first-admin");
        await app.CreateUserAsync(UserRole.Admin, "second-admin");
        using var admin = app.CreateApiClient(await app.CreateApiKeyAsync(first));

        var updated = await HttpAssert.JsonAsync<UserResponse>(await admin.PatchAsJsonAsync($"/api/v1/users/{first.Id}", new { role = "Viewer" }));

        Assert.Equal("Viewer", updated.Role);
    }

    [Fact]
    public async Task UpdateUser_OtherAdminDeactivated_LastOneCannotBeDemoted()
    {
        await using var app = new PrintStashAppFactory();
        var first = await app.CreateUserAsync(UserRole.Admin, "first-admin");
        var second = await app.CreateUserAsync(UserRole.Admin, "second-admin");
        using var admin = app.CreateApiClient(await app.CreateApiKeyAsync(first));
        await HttpAssert.StatusAsync(await admin.PatchAsJsonAsync($"/api/v1/users/{second.Id}", new { isActive = false }), HttpStatusCode.OK);

        await HttpAssert.ProblemAsync(await admin.PatchAsJsonAsync($"/api/v1/users/{first.Id}", new { role = "Viewer" }), HttpStatusCode.Conflict, "last active Admin");
    }

    private static async Task AssertNoUserAsync(PrintStashAppFactory app, string userName)
    {
        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == userName));
    }
}
