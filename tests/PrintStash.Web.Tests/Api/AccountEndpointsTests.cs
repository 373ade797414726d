using System.Net;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Api;

public sealed class AccountEndpointsTests
{
    [Fact]
    public async Task Logout_WithTheFormsAntiforgeryToken_EndsTheSession()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var browser = await app.SignInAsync(user);
        var token = await LogoutTokenAsync(browser);

        using var response = await HtmlForms.PostAsync(browser, "/account/logout", new Dictionary<string, string> { [HtmlForms.AntiforgeryField] = token }, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.OriginalString);
        using var after = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login?ReturnUrl=", after.Headers.Location?.PathAndQueryOrOriginal(), StringComparison.Ordinal);
        Assert.Contains(await app.AuditEventsAsync(AuditActions.SignOut), e => e.ActorName == user.UserName);
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_IsRefusedAndKeepsTheSession()
    {
        await using var app = new PrintStashAppFactory();
        using var browser = await app.SignInAsync(await app.CreateUserAsync(UserRole.Viewer));

        using var response = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var after = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    /// <summary>The sign-out form sits in the user menu of every signed-in page.</summary>
    private static async Task<string> LogoutTokenAsync(HttpClient browser)
    {
        var html = await browser.GetStringAsync("/settings");
        var form = html.IndexOf("action=\"/account/logout\"", StringComparison.Ordinal);
        Assert.True(form >= 0, "The page has no sign-out form.");
        var inputs = HtmlForms.Inputs(html[form..]);
        return inputs[HtmlForms.AntiforgeryField];
    }
}
