using System.Text.Json;
using Microsoft.Playwright;
using PrintStash.E2E.Infrastructure;
using PrintStash.E2E.Vault;
using static Microsoft.Playwright.Assertions;

namespace PrintStash.E2E.Slicing;

/// <summary>Slicer profiles page and "Slice" on a model page, in Chromium against the real app with the real prusa-slicer.</summary>
[Collection(E2ECollection.Name)]
public sealed class SlicingPagesTests(BrowserFixture browser, PrivateAdminAppFixture admin) : IClassFixture<PrivateAdminAppFixture>
{
    private static readonly ViewportSize TallDesktop = new() { Width = 1280, Height = 1150 };

    [Fact]
    public async Task Slicing_import_profile_then_slice_a_mesh_from_the_model_page()
    {
        await using var context = await admin.NewAdminContextAsync(browser, TallDesktop);
        var keyResponse = await context.APIRequest.PostAsync("/api/v1/me/api-keys", new() { DataObject = new { label = "e2e slicing" } });
        Assert.Equal(201, keyResponse.Status);
        var key = (await keyResponse.JsonAsync())!.Value.GetProperty("key").GetString()!;
        var upload = await context.APIRequest.PostAsync("/api/v1/files", new()
        {
            Headers = new Dictionary<string, string> { ["X-Api-Key"] = key },
            Multipart = context.APIRequest.CreateFormData().Append("file", new FilePayload
            {
                Name = "slice_me_bracket.stl", MimeType = "application/octet-stream", Buffer = await File.ReadAllBytesAsync(Corpus.PathOf("bracket.stl")),
            }),
        });
        Assert.Equal(201, upload.Status);
        var modelId = (await upload.JsonAsync())!.Value.GetProperty("results")[0].GetProperty("modelId").GetGuid();
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors(page);

        await page.GotoInteractiveAsync("/slicing/profiles");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Slicer profiles", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#slicing-status")).ToContainTextAsync("PrusaSlicer");
        // Blazor's InputFile listens only after its JS init ran on the interactive render; it marks the element then.
        await page.WaitForFunctionAsync("() => document.getElementById('profile-import')?._blazorInputFileNextFileId !== undefined");
        await page.Locator("#profile-import").SetInputFilesAsync(Path.Combine(CorpusLocation.Root, "configs", "generic_pla_0.2.ini"));
        await Expect(page.Locator("#profiles-grid")).ToContainTextAsync("0.20mm GENERIC VAULT");
        await Screenshots.SaveAsync(page, "slicer-profiles");

        await page.GotoInteractiveAsync($"/models/{modelId}");
        await page.Locator("tr[data-file-name=\"slice_me_bracket.stl\"] .ps-slice").ClickAsync();
        await Expect(page.Locator("#start-slice")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "slice-dialog");
        await page.Locator("#start-slice").ClickAsync();
        await Expect(page.Locator("#slice-jobs-panel")).ToContainTextAsync("Succeeded", new() { Timeout = 90_000 });
        await Expect(page.Locator("tr[data-file-name=\"slice_me_bracket_0.20mm GENERIC VAULT.gcode\"]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator(".ps-open-in-slicer").First).ToContainTextAsync("Open in OrcaSlicer");
        await Screenshots.SaveAsync(page, "model-sliced");
        Assert.Empty(errors.All);
    }
}
