using Microsoft.Playwright;

namespace PrintStash.E2E.Infrastructure;

/// <summary>An app started with PRINTSTASH_ADMIN_USER, shared by the tests that need a set-up server.</summary>
public sealed class AdminAppFixture : SignedInAppFixture
{
    protected override Task<AppHost> StartAppAsync() => AppHost.StartAsync(bootstrapAdmin: true);
}

/// <summary>An Admin app of its own, for a test class whose models would otherwise show up in other tests' pages.</summary>
public sealed class PrivateAdminAppFixture : SignedInAppFixture
{
    protected override Task<AppHost> StartAppAsync() => AppHost.StartAsync(bootstrapAdmin: true);
}

/// <summary>The app with a bootstrap Admin started with <c>--demo</c>: simulated printers and a sample model.</summary>
public sealed class DemoAppFixture : SignedInAppFixture
{
    protected override Task<AppHost> StartAppAsync() => AppHost.StartAsync(bootstrapAdmin: true, "--demo");
}

/// <summary>A running app with a bootstrap Admin whose sign-in is done once and reused by every browser context.</summary>
public abstract class SignedInAppFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim signInGate = new(1, 1);
    private string? adminState;

    public AppHost App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await StartAppAsync();

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

    protected abstract Task<AppHost> StartAppAsync();

    public async Task DisposeAsync()
    {
        signInGate.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}
