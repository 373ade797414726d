using Microsoft.Playwright;

namespace PrintStash.E2E.Infrastructure;

/// <summary>An app started with PRINTSTASH_ADMIN_USER, shared by the tests that need a set-up server.</summary>
public sealed class AdminAppFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim signInGate = new(1, 1);
    private string? adminState;

    public AppHost App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await AppHost.StartAsync(bootstrapAdmin: true);

    /// <summary>A browser context already signed in as the Admin (the sign-in happens once, its cookies are reused).</summary>
    public async Task<IBrowserContext> NewAdminContextAsync(BrowserFixture browser, ViewportSize? viewport = null, ColorScheme colorScheme = ColorScheme.Light)
    {
        await signInGate.WaitAsync();
        try
        {
            if (adminState is null)
            {
                await using var context = await browser.NewContextAsync(App);
                var page = await context.NewPageAsync();
                await page.SignInAsync(AppHost.AdminUser, AppHost.AdminPassword);
                adminState = await context.StorageStateAsync();
            }
        }
        finally
        {
            signInGate.Release();
        }

        return await browser.NewContextAsync(App, viewport, colorScheme, adminState);
    }

    public async Task DisposeAsync()
    {
        signInGate.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}
