using System.Diagnostics;
using Microsoft.Playwright;

namespace PrintStash.Bench.Support.Dashboard;

/// <summary>
/// Opens dashboard pages in Chromium from a child process, so the Playwright client's own objects (one per page, frame,
/// request and response) stay out of the heap the memory figures are read from. Protocol on stdout/stdin: after each
/// step of open pages the child prints <c>ready N</c> and waits for a line; at the end it leaves every page (ending
/// the circuits) and prints <c>done</c>.
/// </summary>
internal static class DashboardPagesChild
{
    public const string Command = "dashboard-pages";

    /// <summary>Child side: args are base address, storage-state file, path, CSS selector to wait for, steps ("20,50").</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var baseAddress = args[0];
        var storageState = await File.ReadAllTextAsync(args[1]);
        var path = args[2];
        var selector = args[3];
        var steps = args[4].Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowser.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(DashboardBrowser.ContextOptions(new Uri(baseAddress), storageState));
        var pages = new List<IPage>();
        foreach (var step in steps)
        {
            while (pages.Count < step)
            {
                var page = await context.NewPageAsync();
                pages.Add(page);
                await page.GotoAsync(path);
                await page.Locator(selector).Last.WaitForAsync(new() { Timeout = 60_000 });
            }

            Console.WriteLine($"ready {pages.Count}");
            await Console.Out.FlushAsync();
            await Console.In.ReadLineAsync();
        }

        foreach (var page in pages)
        {
            await page.GotoAsync("about:blank");
        }

        Console.WriteLine("done");
        return 0;
    }

    /// <summary>Parent side: the running child, its stdin and stdout.</summary>
    public static Process Start(Uri baseAddress, string storageStateFile, string path, string selector, IEnumerable<int> steps)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(DashboardPagesChild).Assembly.Location);
        }

        foreach (var argument in new[] { Command, baseAddress.ToString(), storageStateFile, path, selector, string.Join(',', steps) })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the page-opening child process.");
    }
}

/// <summary>How the benchmark's Chromium is started and its pages set up (same for the parent and the child).</summary>
internal static class DashboardBrowser
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PRINTSTASH_TEST_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
        });

    public static BrowserNewContextOptions ContextOptions(Uri baseAddress, string? storageState = null) => new()
    {
        BaseURL = baseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        Locale = "en-US",
        TimezoneId = "UTC",
        StorageState = storageState,
    };
}
