using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Layout;

[Collection(E2ECollection.Name)]
public sealed partial class ReconnectTests(BrowserFixture browser)
{
    [Fact]
    public async Task Reconnect_server_stops_shows_reconnect_banner()
    {
        // Its own server: this test kills it.
        await using var app = await AppHost.StartAsync(bootstrapAdmin: true);
        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync(AppHost.AdminUser, AppHost.AdminPassword);
        await page.GotoInteractiveAsync("/settings");
        var banner = page.Locator("#components-reconnect-modal");
        await Expect(banner).ToBeHiddenAsync();

        await app.KillAsync();

        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToHaveClassAsync(ShownClass());
        await Expect(banner).ToContainTextAsync(BannerText());
        await Screenshots.SaveAsync(page, "reconnect");
    }

    [GeneratedRegex(@"\bcomponents-reconnect-(show|failed)\b")]
    private static partial Regex ShownClass();

    [GeneratedRegex("reconnecting|Could not reconnect", RegexOptions.IgnoreCase)]
    private static partial Regex BannerText();
}
