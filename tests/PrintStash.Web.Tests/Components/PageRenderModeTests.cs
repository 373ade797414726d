using System.Net;
using PrintStash.Domain.Entities;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Components;

/// <summary>
/// Anonymous pages are static SSR: the circuit hub requires a signed-in Viewer, so an interactive anonymous page would
/// open a circuit that can only fail.
/// </summary>
public sealed class PageRenderModeTests
{
    private const string ServerComponentMarker = "<!--Blazor:{\"type\":\"server\"";

    [Theory]
    [InlineData("/account/login", HttpStatusCode.OK)]
    [InlineData("/account/access-denied", HttpStatusCode.OK)]
    [InlineData("/error", HttpStatusCode.OK)]
    [InlineData("/not-found", HttpStatusCode.OK)]
    public async Task AnonymousPage_RenderedForAnonymousVisitor_HasNoInteractiveComponent(string path, HttpStatusCode status)
    {
        await using var app = new PrintStashAppFactory("Production");
        await app.CreateUserAsync(UserRole.Admin);
        using var browser = app.CreateBrowser();

        using var response = await browser.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("</html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerComponentMarker, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_SignedIn_RendersStaticNotFoundPageWith404()
    {
        await using var app = new PrintStashAppFactory("Production");
        using var browser = await app.SignInAsync(await app.CreateUserAsync(UserRole.Viewer));

        using var response = await browser.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerComponentMarker, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_Anonymous_RedirectsToLogin()
    {
        await using var app = new PrintStashAppFactory("Production");
        await app.CreateUserAsync(UserRole.Admin);
        using var browser = app.CreateBrowser();

        using var response = await browser.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Fno%2Fsuch%2Fpage", response.Headers.Location!.PathAndQueryOrOriginal());
    }

    [Fact]
    public async Task SetupPage_RenderedBeforeSetup_HasNoInteractiveComponent()
    {
        await using var app = new PrintStashAppFactory("Production");
        using var browser = app.CreateBrowser();

        var html = await browser.GetStringAsync("/account/setup");

        Assert.Contains("Create the first administrator account", html, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerComponentMarker, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedInPage_RenderedForViewer_IsInteractive()
    {
        await using var app = new PrintStashAppFactory("Production");
        using var browser = await app.SignInAsync(await app.CreateUserAsync(UserRole.Viewer));

        var html = await browser.GetStringAsync("/library");

        Assert.Contains(ServerComponentMarker, html, StringComparison.Ordinal);
    }
}
