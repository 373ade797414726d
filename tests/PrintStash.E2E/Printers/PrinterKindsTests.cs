using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Printers;

/// <summary>
/// <c>--demo</c> with one printer of each kind: a Klipper/Moonraker Voron, a PrusaLink MK4 and a Bambu Lab X1 Carbon
/// (through the mosquitto the demo starts). They must look and behave the same on the dashboard, and the add-printer
/// form's connection test must put each driver's answer under the field it is about.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class PrinterKindsTests(BrowserFixture browser, DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    private const string Voron = "voron-2-4";
    private const string Prusa = "prusa-mk4";
    private const string Bambu = "x1-carbon";

    private const float Live = 30_000;

    [Fact]
    public async Task Dashboard_shows_a_Klipper_a_PrusaLink_and_a_Bambu_printer_online_with_live_state()
    {
        await using var context = await demo.NewAdminContextAsync(browser);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);
        await page.GotoInteractiveAsync("/");

        await Expect(page.Locator("#demo-notices")).ToHaveCountAsync(0);
        foreach (var slug in new[] { Voron, Prusa, Bambu })
        {
            var card = Card(page, slug);
            await Expect(card).ToHaveAttributeAsync("data-state", "printing", new() { Timeout = Live });
            await Expect(card.Locator(".ps-pc-connection")).ToHaveCountAsync(0);
            await Expect(card.Locator(".ps-pc-file")).Not.ToBeEmptyAsync();
            await Expect(card.Locator(".ps-pc-temps")).ToContainTextAsync("Nozzle");
            await Expect(card.Locator(".ps-pc-temps")).ToContainTextAsync("Bed");
            await Expect(card.Locator(".ps-pc-bar")).ToBeVisibleAsync();
        }

        await Expect(Card(page, Bambu).Locator(".ps-pc-file")).ToHaveTextAsync("calibration_cube_PLA.gcode.3mf");
        await Expect(Card(page, Bambu).Locator(".ps-pc-meta")).ToContainTextAsync("Office");

        // Live: without a reload, each card's progress moves (the Bambu and Prusa cards included).
        foreach (var slug in new[] { Prusa, Bambu })
        {
            var before = await ProgressAsync(Card(page, slug).Locator(".ps-pc-bar"));
            await page.WaitForFunctionAsync(
                "([slug, p]) => Number(document.querySelector(`#printer-dashboard .ps-pc[data-printer=\"${slug}\"] .ps-pc-bar`)?.getAttribute('aria-valuenow')) !== p",
                new object[] { slug, before },
                new() { Timeout = Live * 2 });
        }

        await Screenshots.SaveAsync(page, "dashboard-demo-kinds");
        Assert.Empty(errors.All);
    }

    [Fact]
    public async Task The_connection_test_puts_a_wrong_access_code_serial_or_password_under_its_field()
    {
        await using var context = await demo.NewAdminContextAsync(browser);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);
        var x1 = await DemoPrinterAsync(context, "X1 Carbon");
        var mk4 = await DemoPrinterAsync(context, "Prusa MK4");

        await page.GotoInteractiveAsync("/printers/new");
        await page.Locator("#printer-kind").GetByText("Bambu Lab").ClickAsync();
        await page.Locator("input[name=name]").FillAsync("Second X1C");
        await page.Locator("input[name=address]").FillAsync(x1.GetProperty("address").GetString()!);
        await page.Locator("input[name=serial]").FillAsync(x1.GetProperty("serialNumber").GetString()!);
        await page.Locator("input[name=secret]").FillAsync("00000000");
        await page.Locator("#printer-test").ClickAsync();

        await Expect(Problem(page, "secret")).ToContainTextAsync("access code rejected", new() { Timeout = Live });
        await Expect(Problem(page, "serial")).ToHaveCountAsync(0);
        await Expect(Problem(page, "address")).ToHaveCountAsync(0);
        await Expect(page.Locator("#printer-test-ok")).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => { window.scrollTo(0, 0); document.querySelector('.rz-body')?.scrollTo(0, 0); }");
        await Screenshots.SaveAsync(page, "printer-editor-bambu");

        // The right code for another printer's serial: the broker lets us in, but no report comes for that serial.
        await page.Locator("input[name=secret]").FillAsync("31415926");
        await page.Locator("input[name=serial]").FillAsync("01P00A000000001");
        await page.Locator("#printer-test").ClickAsync();
        await Expect(Problem(page, "serial")).ToContainTextAsync("serial does not match", new() { Timeout = Live });
        await Expect(Problem(page, "secret")).ToHaveCountAsync(0);

        // All right: the test passes and offers to pin the certificate the printer presented.
        await page.Locator("input[name=serial]").FillAsync(x1.GetProperty("serialNumber").GetString()!);
        await page.Locator("#printer-test").ClickAsync();
        await Expect(page.Locator("#printer-test-ok")).ToContainTextAsync("Connected to", new() { Timeout = Live });
        await page.GetByRole(AriaRole.Button, new() { Name = "Trust it" }).ClickAsync();
        await Expect(page.Locator("input[name=fingerprint]")).Not.ToBeEmptyAsync();
        Assert.Equal(Hex(x1.GetProperty("trustedCertificateSha256").GetString()!), Hex(await page.Locator("input[name=fingerprint]").InputValueAsync()));

        // PrusaLink: user and password, a wrong password lands under the password field.
        await page.Locator("#printer-kind").GetByText("PrusaLink").ClickAsync();
        await Expect(page.Locator("input[name=serial]")).ToHaveCountAsync(0);
        await page.Locator("input[name=address]").FillAsync(mk4.GetProperty("address").GetString()!);
        await page.Locator("input[name=user]").FillAsync("maker");
        await page.Locator("input[name=secret]").FillAsync("not-the-password");
        await page.Locator("#printer-test").ClickAsync();
        await Expect(Problem(page, "secret")).ToContainTextAsync("Password rejected", new() { Timeout = Live });
        await Expect(Problem(page, "user")).ToHaveCountAsync(0);
        Assert.Empty(errors.All);
    }

    private static string Hex(string fingerprint) => fingerprint.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();

    private static ILocator Card(IPage page, string slug) => page.Locator($"#printer-dashboard .ps-pc[data-printer=\"{slug}\"]");

    /// <summary>The problem shown in the helper line of the form field holding the named input.</summary>
    private static ILocator Problem(IPage page, string inputName) =>
        page.Locator(".rz-form-field", new() { Has = page.Locator($"input[name={inputName}]") }).Locator(".ps-field-problem");

    private static async Task<double> ProgressAsync(ILocator bar) =>
        double.Parse(await bar.GetAttributeAsync("aria-valuenow") ?? "0", CultureInfo.InvariantCulture);

    /// <summary>The demo printer as the API lists it (address with the simulator's port, serial, pinned certificate).</summary>
    private static async Task<JsonElement> DemoPrinterAsync(IBrowserContext context, string name)
    {
        var response = await context.APIRequest.GetAsync("/api/v1/printers");
        Assert.True(response.Ok, $"GET /api/v1/printers: {response.Status}");
        var printers = (await response.JsonAsync())!.Value;
        return printers.EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
    }
}
