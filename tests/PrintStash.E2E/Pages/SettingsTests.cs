using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Pages;

[Collection(E2ECollection.Name)]
public sealed partial class SettingsTests(BrowserFixture browser, AdminAppFixture admin)
{
    /// <summary>
    /// The proof that the Blazor client script we serve ourselves works: a click in the browser runs C# on the server
    /// through the circuit, and what it created there is real.
    /// </summary>
    [Fact]
    public async Task Interactive_click_creates_api_key_on_server()
    {
        await using var context = await admin.NewAdminContextAsync(browser);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);
        var scriptStatuses = new List<int>();
        page.Response += (_, response) =>
        {
            if (new Uri(response.Url).AbsolutePath == "/_framework/blazor.web.js")
            {
                lock (scriptStatuses)
                {
                    scriptStatuses.Add(response.Status);
                }
            }
        };

        await page.GotoInteractiveAsync("/settings");
        var documentLoads = 0;
        page.Load += (_, _) => Interlocked.Increment(ref documentLoads);
        var label = $"E2E key {Guid.NewGuid():N}"[..16];

        await page.Locator("#api-key-label").FillAsync(label);
        await page.Locator("#create-api-key").ClickAsync();

        var created = page.Locator("#created-api-key");
        await Expect(created).ToHaveTextAsync(KeyPattern());
        await Expect(page.Locator("#api-keys")).ToContainTextAsync(label);
        Assert.Equal(0, Volatile.Read(ref documentLoads));
        var key = (await created.InnerTextAsync()).Trim();
        await Screenshots.SaveAsync(page, "settings-api-key");

        using var client = admin.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<Me>();
        Assert.Equal(AppHost.AdminUser, me?.UserName);

        lock (scriptStatuses)
        {
            Assert.Equal([200], scriptStatuses);
        }

        Assert.Empty(errors.All);
    }

    [GeneratedRegex("^ps_")]
    private static partial Regex KeyPattern();

    private sealed record Me(string UserName, string Role);
}
