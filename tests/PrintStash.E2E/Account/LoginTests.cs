using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Account;

[Collection(E2ECollection.Name)]
public sealed class LoginTests(BrowserFixture browser, AdminAppFixture admin)
{
    [Fact]
    public async Task Login_wrong_password_shows_error()
    {
        await using var context = await browser.NewContextAsync(admin.App);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/account/login");
        await page.Locator("#username").FillAsync(AppHost.AdminUser);
        await page.Locator("#password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.Locator(".ps-login-error")).ToContainTextAsync("Wrong user name or password");
        Assert.Equal("/account/login", new Uri(page.Url).AbsolutePath);
        await Screenshots.SaveAsync(page, "login-error");
    }

    [Fact]
    public async Task Viewer_opens_admin_page_sees_no_admin_entry_and_is_denied()
    {
        var userName = $"viewer-{Guid.NewGuid():N}"[..20];
        const string password = "viewer-password-1";
        await using (var adminContext = await admin.NewAdminContextAsync(browser))
        {
            var created = await adminContext.APIRequest.PostAsync("/api/v1/users", new()
            {
                DataObject = new { userName, displayName = "Vera Viewer", password, role = "Viewer" },
            });
            Assert.Equal(201, created.Status);
        }

        await using var context = await browser.NewContextAsync(admin.App);
        var page = await context.NewPageAsync();
        await page.SignInAsync(userName, password);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        var navigation = (await page.Locator(".ps-sidebar .rz-navigation-item-text").AllInnerTextsAsync()).Select(text => text.Trim()).ToList();
        Assert.Contains("Dashboard", navigation);
        Assert.DoesNotContain("Admin", navigation);
        Assert.DoesNotContain("Users", navigation);

        await page.GotoAsync("/admin/users");

        Assert.Equal("/account/access-denied", new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByText("You can't open that page")).ToBeVisibleAsync();
        var users = await context.APIRequest.GetAsync("/api/v1/users");
        Assert.Equal(403, users.Status);
    }
}
