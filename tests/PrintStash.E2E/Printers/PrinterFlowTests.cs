using System.Globalization;
using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Printers;

/// <summary>
/// The app started with <c>--demo</c>: three simulated Klipper printers (two printing in a loop, one idle), an
/// unplugged one, a PrusaLink MK4 and a Bambu X1 Carbon (both printing in a loop; see <see cref="PrinterKindsTests"/>). Drives the dashboard, a print sent from the vault and the job history, all live, without reloading.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class PrinterFlowTests(BrowserFixture browser, DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    private const string Idle = "ender-3-klipper";
    private const string Looping = "voron-2-4";
    private const string Unplugged = "spare-voron-unplugged";
    private const string SampleFile = "sample_cube_PLA.gcode";

    private const float Live = 30_000;

    /// <summary>The hub keeps a temperature sample every 10 s; the chart must show the next ones.</summary>
    private static readonly TimeSpan ChartLive = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Dashboard_shows_live_cards_and_a_print_sent_from_the_vault_advances_and_lands_in_history()
    {
        await using var context = await demo.NewAdminContextAsync(browser);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);
        await page.GotoInteractiveAsync("/");

        var cards = page.Locator("#printer-dashboard .ps-pc");
        await Expect(cards).ToHaveCountAsync(6);
        await Expect(Card(page, Looping)).ToHaveAttributeAsync("data-state", "printing", new() { Timeout = Live });
        await Expect(Card(page, Idle)).ToHaveAttributeAsync("data-state", "idle", new() { Timeout = Live });
        await Expect(Card(page, Unplugged)).ToContainTextAsync("retrying in");
        await Expect(Card(page, Looping).Locator(".ps-pc-temps")).ToContainTextAsync("Nozzle");

        // Open the idle printer and print the demo's sample G-code from the vault.
        await Card(page, Idle).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ender 3 (Klipper)", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#printer-state")).ToContainTextAsync("Idle");
        // The cold printer's chart as the page first drew it: a nozzle line near room temperature and no target line.
        var cold = await TemperatureChartProbe.WaitForAsync(page, lines => lines.Find("Nozzle") is { Points.Count: > 0 }, ChartLive, "the nozzle line");
        var coldNozzle = cold.Line("Nozzle");
        Assert.Null(cold.Find("Nozzle target"));

        await page.Locator(".ps-send .rz-dropdown").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = SampleFile }).First.ClickAsync();
        await page.Locator("#printer-send").ClickAsync();
        await page.Locator(".rz-dialog").GetByRole(AriaRole.Button, new() { Name = "Send and print" }).ClickAsync();
        // Every progress value the page shows from now on, to check below that it never went back.
        await page.EvaluateAsync("""
            () => {
              window.psProgress = [];
              window.psProgressTimer = setInterval(() => {
                const shown = document.querySelector('#printer-progress');
                if (shown) window.psProgress.push(Number(shown.getAttribute('data-progress')));
              }, 100);
            }
            """);

        await Expect(page.Locator("#printer-state")).ToContainTextAsync("Printing", new() { Timeout = Live });
        var history = page.Locator("#printer-jobs");
        await Expect(history).ToContainTextAsync(SampleFile);
        await Expect(history).ToContainTextAsync("Printing");
        await Expect(history).ToContainTextAsync(AppHost.AdminUser);

        // The same page, never reloaded, heats up: the chart's nozzle line gains points and climbs to its dashed target
        // line (a chart that kept the readings from before the print would still show room temperature).
        var hot = await TemperatureChartProbe.WaitForAsync(
            page,
            lines => lines.Find("Nozzle") is { } nozzle && lines.Find("Nozzle target") is { Points.Count: > 0 } target
                && nozzle.Points.Count > coldNozzle.Points.Count && Math.Abs(nozzle.Points[^1].Y - target.Points[^1].Y) < 10,
            ChartLive,
            "the nozzle line reaching its target");
        Assert.NotEqual(coldNozzle.D, hot.Line("Nozzle").D);

        // The sample file reports progress with M73: it starts at 0 % while heating and only ever grows.
        var first = await ProgressAsync(page.Locator("#printer-progress"), "data-progress");
        await page.WaitForFunctionAsync(
            "p => Number(document.querySelector('#printer-progress')?.getAttribute('data-progress')) > p", first, new() { Timeout = Live });
        var shown = await page.EvaluateAsync<double[]>("() => { clearInterval(window.psProgressTimer); return window.psProgress; }");
        Assert.NotEmpty(shown);
        Assert.True(shown.Zip(shown.Skip(1)).All(pair => pair.Second >= pair.First), $"Progress went back: {string.Join(" ", shown.Distinct())}");
        await page.EvaluateAsync("() => { window.scrollTo(0, 0); document.querySelector('.rz-body')?.scrollTo(0, 0); }");
        await Screenshots.SaveAsync(page, "printer-page");

        // Back on the dashboard (client-side navigation) the card follows the same print.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(Card(page, Idle)).ToHaveAttributeAsync("data-state", "printing");
        var bar = Card(page, Idle).Locator(".ps-pc-bar");
        var before = await ProgressAsync(bar);
        await page.WaitForFunctionAsync(
            "p => Number(document.querySelector('[data-printer=\"ender-3-klipper\"] .ps-pc-bar')?.getAttribute('aria-valuenow')) > p", before, new() { Timeout = Live });
        await Screenshots.SaveAsync(page, "printers-dashboard-light");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screenshots.SaveAsync(page, "printers-dashboard-dark");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        await page.Locator("#compact-switch").ClickAsync();
        await Expect(page.Locator(".ps-printer-list .ps-pc-compact")).ToHaveCountAsync(6);
        await Screenshots.SaveAsync(page, "printers-dashboard-compact");

        // Filters: only the printing ones.
        await page.Locator("#printer-dashboard .rz-selectbar").GetByText("Offline").ClickAsync();
        await Expect(cards).ToHaveCountAsync(1);
        await Expect(cards.First).ToHaveAttributeAsync("data-printer", Unplugged);
        Assert.Empty(errors.All);
    }

    [Fact]
    public async Task Printer_page_chart_draws_every_new_temperature_sample_of_the_hub_without_a_reload()
    {
        await using var context = await demo.NewAdminContextAsync(browser);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);
        await page.GotoInteractiveAsync("/");
        await Card(page, Looping).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Voron 2.4", Level = 1 })).ToBeVisibleAsync();
        var history = $"/api/v1/printers/{new Uri(page.Url).Segments[^1]}/history";
        await TemperatureChartProbe.WaitForAsync(page, lines => lines.Find("Nozzle") is { Points.Count: > 0 }, ChartLive, "the nozzle line");

        // The hub keeps a sample every 10 s. Each new one must be on the chart at once, also when it leaves the axes as
        // they were (the printer is at temperature and the time axis keeps its ticks).
        for (var round = 0; round < 4; round++)
        {
            var known = await NozzleSamplesAsync(context, history);
            var deadline = System.Diagnostics.Stopwatch.StartNew();
            var now = known;
            while (now == known && deadline.Elapsed < ChartLive)
            {
                await page.WaitForTimeoutAsync(250);
                now = await NozzleSamplesAsync(context, history);
            }

            Assert.True(now > known, $"The hub kept no new sample within {ChartLive.TotalSeconds:0} s.");
            await TemperatureChartProbe.WaitForAsync(
                page, lines => lines.Find("Nozzle") is { } nozzle && nozzle.Points.Count >= now, TimeSpan.FromSeconds(3), $"sample {now} of the hub (round {round})");
        }

        Assert.Empty(errors.All);
    }

    private static async Task<int> NozzleSamplesAsync(IBrowserContext context, string history)
    {
        var response = await context.APIRequest.GetAsync(history);
        Assert.True(response.Ok, $"{history}: HTTP {response.Status}");
        var samples = (await response.JsonAsync())!.Value;
        return samples.EnumerateArray().Count(s => s.GetProperty("heaters").EnumerateArray().Any(h => h.GetProperty("name").GetString() == "extruder"));
    }

    [Fact]
    public async Task Printers_admin_lists_printers_and_the_add_form_reports_the_test_per_field()
    {
        await using var context = await demo.NewAdminContextAsync(browser);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);

        await page.GotoInteractiveAsync("/printers");
        var grid = page.Locator("#printers-grid");
        await Expect(grid).ToContainTextAsync("Voron 2.4");
        await Expect(grid).ToContainTextAsync("Spare Voron (unplugged)");
        await Expect(grid).ToContainTextAsync("retrying in");
        await Screenshots.SaveAsync(page, "printers-admin");

        await page.Locator("#add-printer").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a printer", Level = 1 })).ToBeVisibleAsync();
        await page.Locator("input[name=name]").FillAsync("Bench printer");
        await page.Locator("input[name=address]").FillAsync("http://127.0.0.1:9");
        await page.Locator("#printer-test").ClickAsync();
        await Expect(page.Locator(".ps-field-problem").First).ToBeVisibleAsync(new() { Timeout = Live });

        // Kind-specific fields: Bambu asks for serial number and access code.
        await page.Locator("#printer-kind").GetByText("Bambu Lab").ClickAsync();
        await Expect(page.Locator("input[name=serial]")).ToBeVisibleAsync();
        await Expect(page.GetByText("LAN access code")).ToBeVisibleAsync();
        await page.Locator("#printer-kind").GetByText("Klipper (Moonraker)").ClickAsync();
        await page.Locator("#printer-test").ClickAsync();
        await Expect(page.Locator(".ps-field-problem").First).ToBeVisibleAsync(new() { Timeout = Live });
        await Screenshots.SaveAsync(page, "printer-editor");
        Assert.Empty(errors.All);
    }

    [Fact]
    public async Task Jobs_page_lists_jobs_of_every_printer_and_filters_them()
    {
        await using var context = await demo.NewAdminContextAsync(browser);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);

        await page.GotoInteractiveAsync("/jobs");
        var grid = page.Locator("#jobs-grid");
        await Expect(grid).ToContainTextAsync("Voron 2.4", new() { Timeout = Live });
        await Expect(grid).ToContainTextAsync("Trident");
        await Expect(grid).ToContainTextAsync(SampleFile);
        await Screenshots.SaveAsync(page, "jobs");

        await page.Locator("input[name=file]").FillAsync("no-such-file");
        await page.Locator("input[name=file]").PressAsync("Enter");
        await Expect(grid).ToContainTextAsync("No job matches these filters.");
        Assert.Empty(errors.All);
    }

    private static ILocator Card(IPage page, string slug) => page.Locator($"#printer-dashboard .ps-pc[data-printer=\"{slug}\"]");

    private static async Task<double> ProgressAsync(ILocator bar, string attribute = "aria-valuenow") =>
        double.Parse(await bar.GetAttributeAsync(attribute) ?? "0", CultureInfo.InvariantCulture);
}
