using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Libraries;

/// <summary>
/// A shared folder as an admin uses it, through all three ways a scan starts in the browser: add the folder (with the
/// folder check and an error in words first), "Scan now" with its result, the models in the normal library with the
/// library's badge; a model copied into the folder appears by itself (watcher); most files deleted at once stop the
/// scan for review instead of removing them, and only the confirmation removes them.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class LibrariesFlowTests(BrowserFixture browser, LibrariesAppFixture server) : IClassFixture<LibrariesAppFixture>, IDisposable
{
    private const string LibraryName = "Workshop NAS";

    private const int ArchiveFolders = 240;
    private const int ArchiveFilesPerFolder = 100;

    private static readonly TimeSpan Scan = TimeSpan.FromSeconds(45);

    // The admin page with a library card, its last scan and the jobs table, in one picture.
    private static readonly ViewportSize TallDesktop = new() { Width = 1280, Height = 1000 };

    private readonly DirectoryInfo share = Directory.CreateTempSubdirectory("printstash-e2e-share-");

    [Fact]
    public async Task Library_added_scanned_watched_and_guarded_in_the_browser()
    {
        PutInShare("Boat/boat_hull.stl", "boat_hull.stl");
        PutInShare("Boat/ps25gui_boat_hull_pla020_png.gcode", "ps25gui_boat_hull_pla020_png.gcode");
        PutInShare("Cube/cube_text.stl", "cube_text.stl");
        PutInShare("Cube/ps25gui_cube_text_pla020_png.gcode", "ps25gui_cube_text_pla020_png.gcode");
        PutInShare("gear.stl", "gear.stl");
        PutInShare("bracket.stl", "bracket.stl");
        File.WriteAllText(Path.Combine(share.FullName, "notes.txt"), "not a printable file");

        await using var context = await server.NewAdminContextAsync(browser, TallDesktop);
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);

        // 1. No library yet: the page says what to do.
        await page.GotoInteractiveAsync("/admin/libraries");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Libraries", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#libraries-empty")).ToContainTextAsync("Add library");
        await Screenshots.SaveAsync(page, "libraries-empty");

        // 2. Add it: a wrong path is explained in words, the right one is checked before saving.
        await page.Locator("#add-library").ClickAsync();
        var editor = page.Locator("#library-editor");
        await Expect(editor).ToBeVisibleAsync();
        await page.Locator("#library-name").FillAsync(LibraryName);
        await page.Locator("#library-root").FillAsync(share.FullName + "-not-mounted");
        await page.Locator("#library-check").ClickAsync();
        await Expect(page.Locator("#library-check-result")).ToContainTextAsync("does not exist");
        await page.Locator("#library-save").ClickAsync();
        await Expect(editor.Locator(".ps-field-problem")).ToContainTextAsync("is the share mounted");

        await page.Locator("#library-root").FillAsync(share.FullName);
        await page.Locator("#library-check").ClickAsync();
        await Expect(page.Locator("#library-check-result")).ToContainTextAsync("6 printable files");
        await Expect(page.Locator("#library-check-result")).ToContainTextAsync("local");
        await Screenshots.SaveAsync(page, "libraries-admin");

        await page.Locator("#library-save").ClickAsync();
        await Expect(editor).ToHaveCountAsync(0);
        var card = page.Locator(".ps-library", new() { HasText = LibraryName });
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.Locator(".ps-last-scan")).ToContainTextAsync("never");
        await Expect(card.Locator(".ps-watch-badge")).ToHaveTextAsync("watching", new() { Timeout = 15_000 });

        // 3. Scan now: progress while it runs, then the result on the card and in the jobs list.
        await card.GetByRole(AriaRole.Button, new() { Name = "Scan now" }).ClickAsync();
        await Expect(card.Locator(".ps-last-scan")).ToContainTextAsync("completed", new() { Timeout = (float)Scan.TotalMilliseconds });
        await Expect(card.Locator(".ps-last-scan")).ToContainTextAsync("6 added");
        await Expect(card.Locator(".ps-library-facts")).ToContainTextAsync("6 files");
        await Expect(page.Locator("#scan-jobs")).ToContainTextAsync("completed");
        await page.Mouse.MoveAsync(1200, 980);
        await Screenshots.SaveAsync(page, "libraries-scan");

        // 4. The normal library browser: one model per folder, one per file in the root, each with the library's badge.
        var library = await context.NewPageAsync();
        var libraryErrors = new BrowserErrors(library);
        await library.SetViewportSizeAsync(BrowserFixture.Desktop.Width, BrowserFixture.Desktop.Height);
        await library.GotoInteractiveAsync("/library");
        foreach (var model in new[] { "Boat", "Cube", "gear", "bracket" })
        {
            await Expect(Tile(library, model)).ToBeVisibleAsync();
            await Expect(Tile(library, model).Locator(".ps-volume-badge")).ToHaveTextAsync(LibraryName);
        }

        await Expect(library.Locator("#library-grid .ps-tile")).ToHaveCountAsync(4);
        await Expect(Tile(library, "Boat").Locator("img")).ToBeVisibleAsync(new() { Timeout = (float)Scan.TotalMilliseconds });
        await Expect(Tile(library, "Cube").Locator("img")).ToBeVisibleAsync(new() { Timeout = (float)Scan.TotalMilliseconds });
        await WaitForImagesAsync(library, "#library-grid img");
        await library.Mouse.MoveAsync(1200, 780);
        await Screenshots.SaveAsync(library, "library-volume-badge");

        // 5. The watcher: a model copied into the folder appears in the open library without a reload.
        PutInShare("Vase/vase.stl", "vase.stl");
        await Expect(Tile(library, "Vase")).ToBeVisibleAsync(new() { Timeout = (float)Scan.TotalMilliseconds });
        await Expect(Tile(library, "Vase").Locator(".ps-volume-badge")).ToHaveTextAsync(LibraryName);
        await Expect(card.Locator(".ps-last-scan")).ToContainTextAsync("watcher");
        await Expect(card.Locator(".ps-last-scan")).ToContainTextAsync("1 added");

        // 6. Most files deleted at once (5 of 7): the guard stops the scan and asks for review; nothing is removed.
        Directory.Delete(Path.Combine(share.FullName, "Boat"), recursive: true);
        Directory.Delete(Path.Combine(share.FullName, "Cube"), recursive: true);
        File.Delete(Path.Combine(share.FullName, "gear.stl"));
        var review = card.Locator(".ps-review");
        await Expect(review).ToBeVisibleAsync(new() { Timeout = (float)Scan.TotalMilliseconds });
        await Expect(review).ToContainTextAsync("Nothing was removed");
        await Expect(review).ToContainTextAsync("5 of 7 indexed files (71.4 %) vanished at once");
        foreach (var path in new[] { "Boat/boat_hull.stl", "Cube/cube_text.stl", "gear.stl" })
        {
            await Expect(review.Locator(".ps-review-list")).ToContainTextAsync(path);
        }

        await Expect(card.Locator(".ps-library-facts")).ToContainTextAsync("7 files");
        await Expect(library.Locator("#library-grid .ps-tile")).ToHaveCountAsync(5);
        await review.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "libraries-review");

        // 7. Only the confirmation removes them: marked missing, kept for the grace period, the folder untouched.
        await review.GetByRole(AriaRole.Button, new() { Name = "Remove them" }).ClickAsync();
        await page.Locator(".rz-dialog").GetByRole(AriaRole.Button, new() { Name = "Remove them" }).ClickAsync();
        await Expect(review).ToHaveCountAsync(0, new() { Timeout = (float)Scan.TotalMilliseconds });
        await Expect(card.Locator(".ps-last-scan")).ToContainTextAsync("5 removed", new() { Timeout = (float)Scan.TotalMilliseconds });
        await Expect(card.Locator(".ps-library-facts")).ToContainTextAsync("5 missing");
        Assert.True(File.Exists(Path.Combine(share.FullName, "bracket.stl")));

        // 8. A big archive: the scan shows its live progress and can be cancelled; what it applied stays.
        await library.CloseAsync();
        var archive = Directory.CreateDirectory(Path.Combine(share.FullName + "-archive"));
        MakeArchive(archive.FullName);
        await page.Locator("#add-library").ClickAsync();
        await page.Locator("#library-name").FillAsync("Archive");
        await page.Locator("#library-root").FillAsync(archive.FullName);
        await page.Locator("#library-save").ClickAsync();
        var archiveCard = page.Locator(".ps-library", new() { HasText = "Archive" });
        await archiveCard.GetByRole(AriaRole.Button, new() { Name = "Scan now" }).ClickAsync();
        var progress = archiveCard.Locator(".ps-scan-progress");
        await Expect(progress.Locator(".rz-progressbar")).ToBeVisibleAsync();
        await Expect(progress.Locator(".ps-scan-counts")).ToContainTextAsync(new Regex("[1-9][0-9]* seen"));
        await Screenshots.SaveAsync(page, "libraries-scan-progress");
        await progress.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(archiveCard.Locator(".ps-last-scan")).ToContainTextAsync("cancelled", new() { Timeout = (float)Scan.TotalMilliseconds });
        await Expect(progress).ToHaveCountAsync(0);

        // The same page in the dark theme.
        await using var dark = await server.NewAdminContextAsync(browser, TallDesktop, ColorScheme.Dark);
        var darkPage = await dark.NewPageAsync();
        var darkErrors = new BrowserErrors(darkPage);
        await darkPage.GotoInteractiveAsync("/admin/libraries");
        await Expect(darkPage.Locator(".ps-library", new() { HasText = LibraryName })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(darkPage, "libraries-dark");

        Assert.Empty(errors.All);
        Assert.Empty(libraryErrors.All);
        Assert.Empty(darkErrors.All);
    }

    public void Dispose()
    {
        share.Delete(recursive: true);
        if (Directory.Exists(share.FullName + "-archive"))
        {
            Directory.Delete(share.FullName + "-archive", recursive: true);
        }
    }

    /// <summary>Enough tiny print files that a scan runs for a few seconds: long enough to watch and to cancel.</summary>
    private static void MakeArchive(string root)
    {
        for (var folder = 0; folder < ArchiveFolders; folder++)
        {
            var path = Directory.CreateDirectory(Path.Combine(root, $"project-{folder:D3}")).FullName;
            for (var file = 0; file < ArchiveFilesPerFolder; file++)
            {
                File.WriteAllText(Path.Combine(path, $"part-{file:D3}.gcode"), $"; part {file} of project {folder}\nG28\nG1 X10 Y10 Z0.2 F3000\n");
            }
        }
    }

    private void PutInShare(string relativePath, string corpusName)
    {
        var target = Path.Combine(share.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(CorpusLocation.File(corpusName), target);
    }

    private static ILocator Tile(IPage page, string modelName) =>
        page.Locator(".ps-tile", new() { Has = page.Locator(".ps-tile-name", new() { HasTextRegex = new Regex($"^{Regex.Escape(modelName)}$") }) });

    private static Task WaitForImagesAsync(IPage page, string selector) =>
        page.WaitForFunctionAsync(
            "selector => Array.from(document.querySelectorAll(selector)).every(i => i.complete && i.naturalWidth > 0)",
            selector, new() { Timeout = 20_000 });
}
