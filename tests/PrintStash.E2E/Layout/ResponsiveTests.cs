using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Layout;

[Collection(E2ECollection.Name)]
public sealed class ResponsiveTests(BrowserFixture browser, AdminAppFixture admin)
{
    [Fact]
    public async Task Dashboard_on_phone_fits_width_and_sidebar_does_not_cover_content()
    {
        await using var context = await admin.NewAdminContextAsync(browser, BrowserFixture.Phone);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);
        await page.GotoInteractiveAsync("/");
        var heading = page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 });
        await Expect(heading).ToBeVisibleAsync();

        Assert.True(await SidebarCoversAsync(page, heading) is false, "On a phone the navigation must not cover the page by default.");
        Assert.True(await HorizontalOverflowAsync(page) <= 0, "The page is wider than the phone's screen.");
        await Screenshots.SaveAsync(page, "dashboard-phone");

        // The header's menu button opens the navigation over the page (the page keeps its width), and closes it again.
        var toggle = page.Locator(".rz-sidebar-toggle");
        await toggle.ClickAsync();
        await Expect(page.Locator(".ps-sidebar").GetByText("Library")).ToBeInViewportAsync();
        var body = await page.Locator(".rz-body").BoundingBoxAsync();
        Assert.Equal(BrowserFixture.Phone.Width, body?.Width ?? 0, precision: 0);
        Assert.True(await HorizontalOverflowAsync(page) <= 0, "The opened navigation made the page wider than the screen.");
        await toggle.ClickAsync();
        await Expect(page.Locator(".ps-sidebar").GetByText("Library")).Not.ToBeInViewportAsync();
        Assert.True(await SidebarCoversAsync(page, heading) is false);
        Assert.Empty(errors.All);
    }

    private static Task<int> HorizontalOverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth - window.innerWidth");

    private static async Task<bool> SidebarCoversAsync(IPage page, ILocator content)
    {
        var sidebar = await page.Locator(".ps-sidebar").BoundingBoxAsync();
        var box = await content.BoundingBoxAsync();
        if (sidebar is null || box is null || sidebar.Width < 1)
        {
            return false;
        }

        var viewport = page.ViewportSize!;
        var sidebarOnScreen = sidebar.X < viewport.Width && sidebar.X + sidebar.Width > 0;
        var overlaps = sidebar.X < box.X + box.Width && box.X < sidebar.X + sidebar.Width
            && sidebar.Y < box.Y + box.Height && box.Y < sidebar.Y + sidebar.Height;
        return sidebarOnScreen && overlaps;
    }
}
