using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Pages;

[Collection(E2ECollection.Name)]
public sealed class AdminPagesTests(BrowserFixture browser, AdminAppFixture admin)
{
    [Fact]
    public async Task AdminPages_signed_in_admin_sees_settings_users_and_audit_log()
    {
        await using var context = await admin.NewAdminContextAsync(browser);
        var userName = $"maker-{Guid.NewGuid():N}"[..14];
        var created = await context.APIRequest.PostAsync("/api/v1/users", new()
        {
            DataObject = new { userName, displayName = "Grace Maker", password = "maker-password-1", role = "Designer" },
        });
        Assert.Equal(201, created.Status);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);

        await page.GotoInteractiveAsync("/admin/settings");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Server settings", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#settings-grid")).ToContainTextAsync("PrintStash:");
        await Screenshots.SaveAsync(page, "admin-settings");

        await page.GotoInteractiveAsync("/admin/users");
        await Expect(page.Locator("#users-grid")).ToContainTextAsync(userName);
        await Expect(page.Locator("#users-grid")).ToContainTextAsync(AppHost.AdminUser);
        await Screenshots.SaveAsync(page, "admin-users");

        await page.GotoInteractiveAsync("/admin/audit");
        await Expect(page.Locator("#audit-grid")).ToContainTextAsync(userName);
        await Screenshots.SaveAsync(page, "audit-log");
        Assert.Empty(errors.All);
    }
}
