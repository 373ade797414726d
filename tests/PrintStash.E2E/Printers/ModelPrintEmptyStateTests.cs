using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using PrintStash.Printers.Simulation.Moonraker;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Printers;

/// <summary>"Print" on a server that has no printer yet (an app of its own): the dialog says where to add one.</summary>
[Collection(E2ECollection.Name)]
public sealed class ModelPrintEmptyStateTests(BrowserFixture browser, PrivateAdminAppFixture admin) : IClassFixture<PrivateAdminAppFixture>
{
    [Fact]
    public async Task Print_without_any_printer_says_to_add_one_under_admin_printers()
    {
        const string fileName = "lonely_part.gcode";
        await using var context = await admin.NewAdminContextAsync(browser);
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("/library");
        await Expect(page.Locator("[data-testid=upload-dropzone][data-upload-ready=true]")).ToBeVisibleAsync();
        await page.Locator("input.ps-upload-input").SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "text/x-gcode",
            Buffer = SampleGcode.Create(TimeSpan.FromMinutes(10), seed: 3),
        });
        var item = page.Locator($".ps-upload-item[data-file-name=\"{fileName}\"]");
        await Expect(item).ToHaveAttributeAsync("data-state", "Added", new() { Timeout = 30_000 });
        await item.GetByRole(AriaRole.Link, new() { Name = "Open the model" }).ClickAsync();
        await Expect(page.Locator($"tr[data-file-name=\"{fileName}\"]")).ToBeVisibleAsync();

        await page.Locator($"tr[data-file-name=\"{fileName}\"]").GetByRole(AriaRole.Button, new() { Name = $"Print {fileName}" }).ClickAsync();

        var empty = page.Locator(".rz-dialog #print-no-printers");
        await Expect(empty).ToContainTextAsync("No printers yet");
        await Expect(empty).ToContainTextAsync("Add a printer under Admin › Printers");
        await Expect(empty.GetByRole(AriaRole.Link, new() { Name = "Add a printer" })).ToHaveAttributeAsync("href", "/printers/new");
        await Expect(page.Locator(".rz-dialog #print-send")).ToHaveCountAsync(0);
    }
}
