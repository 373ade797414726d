using Microsoft.Playwright;

namespace PrintStash.E2E.Infrastructure;

/// <summary>
/// One headless Chromium for the whole run: the system's browser (Debian's <c>chromium</c> package, or
/// <c>PRINTSTASH_TEST_CHROMIUM</c>), driven by the Playwright driver bundled in the NuGet package. Nothing is downloaded.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "PRINTSTASH_TEST_CHROMIUM";
    public const string DefaultChromium = "/usr/bin/chromium";

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } configured ? configured : DefaultChromium;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium not found at {executable}: install Debian's 'chromium' package or set {ChromiumVariable}.");
        }

        // Generous for a two-core machine that also runs the server; a passing assertion returns as soon as it holds.
        Assertions.SetDefaultExpectTimeout(10_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser profile (cookies, storage) pointed at <paramref name="app"/>.</summary>
    public Task<IBrowserContext> NewContextAsync(AppHost app, ViewportSize? viewport = null, ColorScheme colorScheme = ColorScheme.Light, string? storageState = null) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = viewport ?? Desktop,
            ColorScheme = colorScheme,
            Locale = "en-US",
            TimezoneId = "UTC",
            StorageState = storageState,
        });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
