using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Layout;

[Collection(E2ECollection.Name)]
public sealed class ThemeTests(BrowserFixture browser, AdminAppFixture admin)
{
    [Fact]
    public async Task Theme_system_mode_follows_browser_color_scheme()
    {
        await using var context = await admin.NewAdminContextAsync(browser, colorScheme: ColorScheme.Light);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);
        await page.GotoInteractiveAsync("/");

        Assert.Equal("system", await page.HtmlAttributeAsync("data-theme"));
        Assert.True(await page.StylesheetAppliesAsync("theme-light"));
        Assert.False(await page.StylesheetAppliesAsync("theme-dark"));
        await Screenshots.SaveAsync(page, "dashboard-light");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });

        Assert.False(await page.StylesheetAppliesAsync("theme-light"));
        Assert.True(await page.StylesheetAppliesAsync("theme-dark"));
        Assert.Empty(errors.All);
    }

    [Fact]
    public async Task ThemeToggle_cycles_system_light_dark_and_persists_after_reload()
    {
        // The browser prefers light, so a dark page proves the stored choice wins over the system.
        await using var context = await admin.NewAdminContextAsync(browser, colorScheme: ColorScheme.Light);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);
        await page.GotoInteractiveAsync("/");
        var toggle = page.Locator(".ps-theme-toggle");
        await Expect(toggle).ToHaveAttributeAsync("data-theme-mode", "system");

        await toggle.ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        await Expect(page.Locator("#theme-light")).ToHaveAttributeAsync("media", "all");
        Assert.Equal("light", await ThemeCookieAsync(context));

        await toggle.ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Locator("#theme-dark")).ToHaveAttributeAsync("media", "all");
        Assert.Equal("dark", await ThemeCookieAsync(context));

        await page.ReloadInteractiveAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Locator("#theme-dark")).ToHaveAttributeAsync("media", "all");
        await Expect(page.Locator("#theme-light")).ToHaveAttributeAsync("media", "not all");
        await Expect(toggle).ToHaveAttributeAsync("data-theme-mode", "dark");
        Assert.True(await page.StylesheetAppliesAsync("theme-dark"));
        Assert.False(await page.StylesheetAppliesAsync("theme-light"));
        await Screenshots.SaveAsync(page, "dashboard-dark");

        await toggle.ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "system");
        Assert.Equal("system", await ThemeCookieAsync(context));
        Assert.Empty(errors.All);
    }

    private static async Task<string?> ThemeCookieAsync(IBrowserContext context) =>
        (await context.CookiesAsync()).FirstOrDefault(cookie => cookie.Name == "printstash.theme")?.Value;
}
