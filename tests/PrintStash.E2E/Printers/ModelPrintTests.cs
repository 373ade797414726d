using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using PrintStash.Printers.Simulation.Moonraker;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Printers;

/// <summary>
/// "Print" on the model page, against the demo's simulated printers (an app of its own: this class prints on the idle
/// Klipper printer): an Operator sends a freshly uploaded G-code and sees it printing on the dashboard; Designers and
/// Viewers do not get the action.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class ModelPrintTests(BrowserFixture browser, DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    private const string DemoModel = "Calibration cube (demo)";
    private const string DemoGcode = MoonrakerSimulator.SampleFileName;
    private const string Idle = "ender-3-klipper";
    private const string IdleName = "Ender 3 (Klipper)";
    private const string Unplugged = "spare-voron-unplugged";
    private const float Live = 30_000;

    [Fact]
    public async Task Operator_prints_an_uploaded_gcode_from_the_model_page_and_sees_it_printing_on_the_dashboard()
    {
        var fileName = $"e2e_print_{Guid.NewGuid():N}"[..18] + ".gcode";
        await using var context = await demo.NewAdminContextAsync(browser);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);
        await OpenDemoModelAsync(page);

        await Expect(page.Locator("[data-testid=upload-dropzone][data-upload-ready=true]")).ToBeVisibleAsync();
        await page.Locator("input.ps-upload-input").SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "text/x-gcode",
            Buffer = SampleGcode.Create(TimeSpan.FromMinutes(40), seed: 9),
        });
        var row = FileRow(page, fileName);
        await Expect(row).ToBeVisibleAsync(new() { Timeout = Live });
        await row.GetByRole(AriaRole.Button, new() { Name = $"Print {fileName}" }).ClickAsync();

        var dialog = page.Locator(".rz-dialog");
        await Expect(dialog.GetByText($"Sends {fileName}")).ToBeVisibleAsync();
        // The unplugged printer is listed, cannot be picked, and says why.
        await Expect(Target(dialog, Unplugged).Locator("input")).ToBeDisabledAsync();
        await Expect(Target(dialog, Unplugged)).ToContainTextAsync(OfflineReason());
        await Expect(Target(dialog, Idle).Locator("input")).ToBeEnabledAsync(new() { Timeout = Live });
        await Target(dialog, Idle).ClickAsync();
        await Expect(Target(dialog, Idle).Locator("input")).ToBeCheckedAsync();
        await Expect(Target(dialog, Idle)).ToHaveClassAsync(new Regex("ps-selected"));
        // "Start printing after the upload" is ticked by default, and the button says so.
        await Expect(dialog.Locator("#print-send")).ToHaveTextAsync(new Regex("Send and print"));
        await Expect(dialog.Locator("#print-send")).ToBeEnabledAsync();
        await Screenshots.SaveAsync(page, "model-print-dialog");

        await dialog.Locator("#print-send").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0, new() { Timeout = Live });
        await Expect(page.Locator(".rz-notification")).ToContainTextAsync($"Printing on {IdleName}");

        await page.GotoInteractiveAsync("/");
        var card = page.Locator($"#printer-dashboard .ps-pc[data-printer=\"{Idle}\"]");
        await Expect(card).ToHaveAttributeAsync("data-state", "printing", new() { Timeout = Live });
        await Expect(card.Locator(".ps-pc-file")).ToHaveTextAsync(fileName);
        Assert.Empty(errors.All);
    }

    [Fact]
    public async Task Print_is_offered_to_operators_only()
    {
        foreach (var (role, sees) in new[] { ("Designer", false), ("Viewer", false), ("Operator", true) })
        {
            var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
            const string password = "print-role-password-1";
            await using (var adminContext = await demo.NewAdminContextAsync(browser))
            {
                var created = await adminContext.APIRequest.PostAsync("/api/v1/users", new()
                {
                    DataObject = new { userName, displayName = $"{role} user", password, role },
                });
                Assert.Equal(201, created.Status);
            }

            await using var context = await browser.NewContextAsync(demo.App);
            var page = await context.NewPageAsync();
            await page.SignInAsync(userName, password);
            await OpenDemoModelAsync(page);

            var row = FileRow(page, DemoGcode);
            await Expect(row).ToBeVisibleAsync();
            await Expect(row.Locator(".ps-file-actions .ps-download")).ToBeVisibleAsync();
            await Expect(row.Locator(".ps-print-file")).ToHaveCountAsync(sees ? 1 : 0);
        }
    }

    private static async Task OpenDemoModelAsync(IPage page)
    {
        await page.GotoInteractiveAsync("/library");
        var tile = page.Locator(".ps-tile", new() { Has = page.Locator(".ps-tile-name", new() { HasText = DemoModel }) });
        await Expect(tile).ToBeVisibleAsync(new() { Timeout = Live });
        var href = await tile.GetAttributeAsync("href");
        await page.GotoInteractiveAsync(href!);
        await Expect(page.Locator("#model-name")).ToHaveTextAsync(DemoModel);
    }

    private static ILocator FileRow(IPage page, string fileName) => page.Locator($"tr[data-file-name=\"{fileName}\"]");

    private static ILocator Target(ILocator dialog, string slug) => dialog.Locator($".ps-print-target[data-printer=\"{slug}\"]");

    [GeneratedRegex("Offline")]
    private static partial Regex OfflineReason();
}
