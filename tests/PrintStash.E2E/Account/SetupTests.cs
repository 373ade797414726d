using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Account;

[Collection(E2ECollection.Name)]
public sealed class SetupTests(BrowserFixture browser)
{
    private static readonly string[] MainNavigation = ["Dashboard", "Library", "Printers", "Jobs", "Settings", "Admin"];

    [Fact]
    public async Task FirstRun_setup_creates_admin_and_shows_dashboard()
    {
        await using var app = await AppHost.StartAsync(bootstrapAdmin: false);
        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);
        var assets = new AssetResponses(page);

        await page.GotoAsync("/");

        Assert.Equal("/account/setup", new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to PrintStash" })).ToBeVisibleAsync();
        // Before the first Admin exists every page leads here, but the page's own styles and images must still load.
        Assert.Empty(assets.NotOk);
        await Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();

        await page.Locator("#username").FillAsync("ada");
        await page.Locator("#displayname").FillAsync("Ada Lovelace");
        await page.Locator("#password").FillAsync("correct-horse-battery");
        await page.Locator("#confirm").FillAsync("correct-horse-battery");
        await Screenshots.SaveAsync(page, "setup");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin and sign in" }).ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        var navigation = await page.Locator(".ps-sidebar .rz-navigation-item-text").AllInnerTextsAsync();
        Assert.All(MainNavigation, entry => Assert.Contains(entry, navigation.Select(text => text.Trim())));
        await Expect(page.Locator(".ps-user-menu")).ToContainTextAsync("Ada Lovelace");
        Assert.Empty(assets.NotOk);
        Assert.Empty(errors.All);
    }
}
