using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Vault;

/// <summary>
/// The vault as a person uses it: drop and pick files, watch them upload, see the library fill in live as previews are
/// made, open a model, change a print file's status and the recommended one, trash the model and restore it.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class VaultFlowTests(BrowserFixture browser, AdminAppFixture admin)
{
    private const string DroppedStl = "cube_text.stl";
    private const string CubeGCode = "ps25gui_cube_text_pla020_png.gcode";
    private const string BoatGCode = "ps25gui_boat_hull_pla020_png.gcode";
    private const string SecondCubeGCode = "ps25gui_vase_petg028_jpg.gcode";
    private static readonly TimeSpan Processing = TimeSpan.FromSeconds(45);

    // The model page's screenshots show the previews, the details and the revision table together.
    private static readonly ViewportSize TallDesktop = new() { Width = 1280, Height = 1150 };

    [Fact]
    public async Task Vault_upload_browse_edit_trash_and_restore()
    {
        await using var context = await admin.NewAdminContextAsync(browser);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);
        await page.GotoInteractiveAsync("/library");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Library", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=upload-dropzone][data-upload-ready=true]")).ToBeVisibleAsync();

        // 1. A dropped file (a real drop event carrying a File) and two picked ones, the picked ones on a slow line.
        await DropFileAsync(page, DroppedStl);
        await Expect(UploadItem(page, DroppedStl)).ToHaveAttributeAsync("data-state", "Added");

        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = 400 * 1024,
        });
        await page.Locator("input.ps-upload-input").SetInputFilesAsync([Corpus.PathOf(CubeGCode), Corpus.PathOf(BoatGCode)]);
        var boat = UploadItem(page, BoatGCode);
        await Expect(boat.Locator(".rz-progressbar")).ToBeVisibleAsync();
        await Expect(boat.Locator(".rz-progressbar-label")).ToHaveTextAsync(PartlyDone(), new() { Timeout = 15_000 });
        await Screenshots.SaveAsync(page, "upload-progress");

        // The slow line stays until both files are in: lifting Chromium's throttle while a request body is in flight
        // once left the last bytes unsent for 30 s (the browser never fired the upload's load event).
        await Expect(UploadItem(page, CubeGCode)).ToHaveAttributeAsync("data-state", "Added", new() { Timeout = 30_000 });
        await Expect(boat).ToHaveAttributeAsync("data-state", "Added", new() { Timeout = 30_000 });
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = -1,
        });
        await Expect(boat.GetByRole(AriaRole.Link, new() { Name = "Open the model" })).ToBeVisibleAsync();

        // 2. The grid fills in without a reload: the cards appear, then their previews once processing is done.
        var grid = page.Locator("#library-grid");
        var cube = Tile(page, "ps25gui_cube_text_pla020_png");
        await Expect(cube).ToBeVisibleAsync();
        await Expect(Tile(page, "ps25gui_boat_hull_pla020_png")).ToBeVisibleAsync();
        await Expect(Tile(page, "cube_text")).ToBeVisibleAsync();
        await Expect(cube.Locator("img")).ToBeVisibleAsync(new() { Timeout = (float)Processing.TotalMilliseconds });
        await Expect(Tile(page, "ps25gui_boat_hull_pla020_png").Locator("img")).ToBeVisibleAsync(new() { Timeout = (float)Processing.TotalMilliseconds });
        await WaitForImagesAsync(page, "#library-grid img");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear finished" }).ClickAsync();
        await page.Mouse.MoveAsync(1200, 780);
        await Screenshots.SaveAsync(page, "library-grid");

        // 3. The list view, remembered by this browser across a reload.
        await page.Locator("#library-view").GetByLabel("List").ClickAsync();
        await Expect(page.Locator("#library-list")).ToContainTextAsync("ps25gui_boat_hull_pla020_png");
        await page.ReloadInteractiveAsync();
        await Expect(page.Locator("#library-list")).ToBeVisibleAsync();
        await Expect(grid).ToHaveCountAsync(0);
        await WaitForImagesAsync(page, "#library-list img");
        await Screenshots.SaveAsync(page, "library-list");

        // Search narrows the list as you type.
        await page.Locator("#library-search").FillAsync("boat");
        await Expect(page.Locator("#library-list")).Not.ToContainTextAsync("cube_text");
        await Expect(page.Locator("#library-list")).ToContainTextAsync("ps25gui_boat_hull_pla020_png");
        await page.Locator("#library-search").FillAsync(string.Empty);
        await page.Locator("#library-view").GetByLabel("Grid").ClickAsync();
        await Expect(grid).ToBeVisibleAsync();

        // 4. The model page; a second G-code uploaded into the same model.
        await cube.ClickAsync();
        await page.WaitForURLAsync(new Regex("/models/[0-9a-f-]{36}$"));
        await Expect(page.Locator("#model-name")).ToHaveTextAsync("ps25gui_cube_text_pla020_png");
        await Expect(page.Locator("[data-testid=upload-dropzone][data-upload-ready=true]")).ToBeVisibleAsync();
        await page.Locator("input.ps-upload-input").SetInputFilesAsync(Corpus.PathOf(SecondCubeGCode));
        await Expect(UploadItem(page, SecondCubeGCode)).ToHaveAttributeAsync("data-state", "Added", new() { Timeout = 30_000 });
        var firstRow = FileRow(page, CubeGCode);
        var secondRow = FileRow(page, SecondCubeGCode);
        await Expect(secondRow).ToBeVisibleAsync();
        await Expect(firstRow).ToContainTextAsync("Recommended");
        await Expect(secondRow).Not.ToContainTextAsync("Recommended");
        await Expect(secondRow.Locator("[data-processing=pending]")).ToHaveCountAsync(0, new() { Timeout = (float)Processing.TotalMilliseconds });

        // Status of the first G-code: Known good.
        await firstRow.Locator(".ps-status").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Known good" }).Filter(new() { Visible = true }).ClickAsync();
        await Expect(page.Locator(".rz-notification")).ToContainTextAsync("marked known good");
        await Expect(firstRow.Locator(".ps-status")).ToContainTextAsync("Known good");

        // The other G-code becomes the recommended one; exactly one is.
        await secondRow.GetByRole(AriaRole.Button, new() { Name = $"Make {SecondCubeGCode} recommended" }).ClickAsync();
        await Expect(secondRow).ToContainTextAsync("Recommended");
        await Expect(firstRow).Not.ToContainTextAsync("Recommended");
        await Expect(page.Locator(".ps-recommended")).ToHaveCountAsync(1);

        // Its details in the side panel.
        await secondRow.Locator(".ps-file-name").ClickAsync();
        await Expect(secondRow).ToHaveClassAsync(new Regex("rz-state-highlight"));
        await Expect(page.Locator("#file-details")).ToContainTextAsync(SecondCubeGCode);
        await Expect(page.Locator("#file-details")).ToContainTextAsync("Estimated time");
        await Expect(page.Locator("#file-details")).ToContainTextAsync("PrusaSlicer");
        await WaitForImagesAsync(page, ".ps-model-previews img");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear finished" }).ClickAsync();
        await page.Locator(".rz-notification-item").Last.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 15_000 });
        await page.SetViewportSizeAsync(TallDesktop.Width, TallDesktop.Height);
        await page.Locator("#model-name").ScrollIntoViewIfNeededAsync();
        await page.Mouse.MoveAsync(1200, 40);
        await Screenshots.SaveAsync(page, "model-page");
        await page.SetViewportSizeAsync(BrowserFixture.Desktop.Width, BrowserFixture.Desktop.Height);
        var modelUrl = new Uri(page.Url).AbsolutePath;

        // 5. Trash the model, find it in the trash, restore it.
        await page.Locator("#trash-model").ClickAsync();
        await page.Locator(".rz-dialog").GetByRole(AriaRole.Button, new() { Name = "Move to trash" }).ClickAsync();
        await Expect(page.Locator("#model-trashed")).ToBeVisibleAsync();
        await Expect(page.Locator("#restore-model")).ToBeVisibleAsync();

        await page.GotoInteractiveAsync("/library");
        await Expect(Tile(page, "ps25gui_boat_hull_pla020_png")).ToBeVisibleAsync();
        await Expect(Tile(page, "ps25gui_cube_text_pla020_png")).ToHaveCountAsync(0);

        await page.GotoInteractiveAsync("/library/trash");
        var trashed = page.Locator("#trash-list tr", new() { HasText = "ps25gui_cube_text_pla020_png" });
        await Expect(trashed).ToBeVisibleAsync();
        await Expect(page.Locator("#trash-retention")).ToContainTextAsync("30 days");
        await WaitForImagesAsync(page, "#trash-list img");
        await Screenshots.SaveAsync(page, "trash");
        await trashed.GetByRole(AriaRole.Button, new() { Name = "Restore ps25gui_cube_text_pla020_png" }).ClickAsync();
        await Expect(trashed).ToHaveCountAsync(0);
        await Expect(page.GetByText("The trash is empty")).ToBeVisibleAsync();

        await page.GotoInteractiveAsync("/library");
        await Expect(Tile(page, "ps25gui_cube_text_pla020_png")).ToBeVisibleAsync();

        // The dashboard lists the recent models above the getting-started steps.
        await page.GotoInteractiveAsync("/");
        await Expect(page.Locator("#recent-models .ps-tile")).ToHaveCountAsync(3);
        await Expect(page.GetByText("Nothing here yet")).ToHaveCountAsync(0);
        await WaitForImagesAsync(page, "#recent-models img");
        await Screenshots.SaveAsync(page, "dashboard-recent-models");
        Assert.Empty(errors.All);

        // 6. The same model page in the dark theme.
        await using var dark = await admin.NewAdminContextAsync(browser, TallDesktop, ColorScheme.Dark);
        var darkPage = await dark.NewPageAsync();
        var darkErrors = new BrowserErrors(darkPage);
        await darkPage.GotoInteractiveAsync(modelUrl);
        await Expect(darkPage.Locator("#model-name")).ToHaveTextAsync("ps25gui_cube_text_pla020_png");
        await WaitForImagesAsync(darkPage, ".ps-model-previews img");
        await Screenshots.SaveAsync(darkPage, "model-page-dark");
        Assert.Empty(darkErrors.All);
    }

    [Fact]
    public async Task AdminStorage_check_now_reports_the_normal_state()
    {
        await using var context = await admin.NewAdminContextAsync(browser);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);

        await page.GotoInteractiveAsync("/admin/storage");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Storage", Level = 1 })).ToBeVisibleAsync();
        await page.Locator("#check-storage").ClickAsync();
        await Expect(page.Locator(".rz-notification")).ToContainTextAsync("Storage checked");
        await Expect(page.Locator("#storage-check")).ToContainTextAsync("\"None\" is the normal state");

        await page.Locator("#purge-trash").ClickAsync();
        await Expect(page.Locator("#purge-report")).ToBeVisibleAsync();

        await page.Locator("#rebuild-index").ClickAsync();
        await page.Locator(".rz-dialog").GetByRole(AriaRole.Button, new() { Name = "Rebuild" }).ClickAsync();
        await Expect(page.Locator("#rebuild-report")).ToContainTextAsync("Models already in the index");
        await page.Locator(".rz-notification-item").Last.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 15_000 });
        await Screenshots.SaveAsync(page, "admin-storage");
        Assert.Empty(errors.All);
    }

    private static ILocator UploadItem(IPage page, string fileName) => page.Locator($".ps-upload-item[data-file-name=\"{fileName}\"]");

    private static ILocator Tile(IPage page, string modelName) => page.Locator(".ps-tile", new() { Has = page.Locator(".ps-tile-name", new() { HasTextRegex = new Regex($"^{Regex.Escape(modelName)}$") }) });

    private static ILocator FileRow(IPage page, string fileName) => page.Locator($"tr[data-file-name=\"{fileName}\"]");

    /// <summary>Drops a corpus file on the upload zone the way a browser does: a drop event whose DataTransfer holds the File.</summary>
    private static async Task DropFileAsync(IPage page, string name)
    {
        var bytes = await File.ReadAllBytesAsync(Corpus.PathOf(name));
        var transfer = await page.EvaluateHandleAsync(
            """
            ([name, base64]) => {
              const data = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([data], name, { type: "application/octet-stream" }));
              return transfer;
            }
            """,
            new object[] { name, Convert.ToBase64String(bytes) });
        var zone = page.Locator("[data-testid=upload-dropzone]");
        await zone.DispatchEventAsync("dragenter", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await zone.DispatchEventAsync("dragover", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await zone.DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
    }

    /// <summary>Waits until every matching image has loaded (the screenshot should show pictures, not empty boxes).</summary>
    private static Task WaitForImagesAsync(IPage page, string selector) =>
        page.WaitForFunctionAsync(
            "selector => Array.from(document.querySelectorAll(selector)).every(i => i.complete && i.naturalWidth > 0)",
            selector, new() { Timeout = 20_000 });

    [GeneratedRegex(@"^([1-9]|[1-9]\d)%")]
    private static partial Regex PartlyDone();
}
