using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Api;

public sealed class AuditApiTests
{
    [Fact]
    public async Task FindAuditEvents_ByAction_ReturnsOnlyThoseNewestFirstWithTheTotal()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Viewer, "first");
        await app.CreateUserAsync(UserRole.Viewer, "second");
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        using var browser = app.CreateBrowser();
        using var failedSignIn = await LoginForm.SubmitAsync(browser, "first", "wrong-password");

        var page = await HttpAssert.JsonAsync<AuditPageResponse>(await admin.GetAsync($"/api/v1/audit?action={AuditActions.UserCreated}&take=2"));

        Assert.Equal(3, page.Total);
        Assert.Equal(2, page.Events.Count);
        Assert.All(page.Events, e => Assert.Equal(AuditActions.UserCreated, e.Action));
        Assert.True(page.Events[0].Id > page.Events[1].Id);
        Assert.Equal("second", page.Events[1].TargetId);
    }

    [Fact]
    public async Task FindAuditEvents_ByActor_MatchesPartOfTheName()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Viewer, "dana");
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        using var browser = app.CreateBrowser();
        using var failedSignIn = await LoginForm.SubmitAsync(browser, "dana", "wrong-password");

        var page = await HttpAssert.JsonAsync<AuditPageResponse>(await admin.GetAsync("/api/v1/audit?actor=DAN"));

        var failed = Assert.Single(page.Events);
        Assert.Equal((AuditActions.SignInFailed, "dana"), (failed.Action, failed.Actor));
    }
}
