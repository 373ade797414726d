using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Settings;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Vault;

public sealed class FilesApiTests
{
    private const string Stl = "bracket.stl";
    private const string GCode = "ps25_bracket_pla020.gcode";
    private const string OtherGCode = "ps25_bracket_petg028.gcode";
    private const string ThumbnailGCode = "ps25gui_cube_text_pla020_png.gcode";

    [Fact]
    public async Task Upload_StlThenGCodeWithApiKey_CreatesModelAndRecommendsTheGCode()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);

        var stl = await Uploads.CorpusFileAsync(client, Stl);
        var gcode = await Uploads.CorpusFileAsync(client, GCode, $"?modelId={stl.ModelId}");

        Assert.Equal("Added", stl.Outcome);
        Assert.True(stl.CreatedModel);
        Assert.False(stl.Recommended);
        Assert.Equal(Stl, stl.FileName);
        Assert.Equal("Added", gcode.Outcome);
        Assert.False(gcode.CreatedModel);
        Assert.True(gcode.Recommended);
        Assert.Equal(stl.ModelId, gcode.ModelId);

        var model = await Uploads.ModelAsync(client, stl.ModelId!.Value);
        Assert.Equal("bracket", model.Name);
        var files = model.Revisions.SelectMany(r => r.Files).ToList();
        Assert.Equal(2, files.Count);
        var recommended = Assert.Single(files, f => f.Recommended);
        Assert.Equal(gcode.FileId, recommended.Id);
        Assert.Equal("NeedsTest", recommended.Status);
        Assert.Null(files.Single(f => f.Id == stl.FileId).Status);
        Assert.Equal("Api", recommended.Origin);
    }

    [Fact]
    public async Task Upload_SameFileTwiceIntoOneModel_SecondIsDuplicateAndAddsNoRow()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var first = await Uploads.CorpusFileAsync(client, GCode);

        var again = await Uploads.CorpusFileAsync(client, GCode, $"?modelId={first.ModelId}", HttpStatusCode.OK);

        Assert.Equal("Duplicate", again.Outcome);
        Assert.Equal(first.FileId, again.FileId);
        Assert.Contains("already in this model", again.Message, StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(1, await db.Files.CountAsync(f => f.ModelId == first.ModelId));
        Assert.Equal(1, await db.Blobs.CountAsync());
    }

    [Fact]
    public async Task Upload_WithModelId_AddsToThatModelAndNotANewOne()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var first = await Uploads.CorpusFileAsync(client, GCode);

        var second = await Uploads.CorpusFileAsync(client, OtherGCode, $"?modelId={first.ModelId}");

        Assert.Equal(first.ModelId, second.ModelId);
        Assert.False(second.CreatedModel);
        Assert.False(second.Recommended); // the first print file keeps the recommendation
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(1, await db.Models.CountAsync());
        Assert.Equal(2, await db.Files.CountAsync(f => f.ModelId == first.ModelId));
    }

    [Fact]
    public async Task Upload_WithUnknownModelId_IsRejected()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);

        using var response = await Uploads.SendAsync(client, $"?modelId={Guid.NewGuid()}", (Stl, Corpus.Bytes(Stl)));

        var upload = await HttpAssert.JsonAsync<UploadResponse>(response, HttpStatusCode.BadRequest);
        Assert.Equal("Rejected", Assert.Single(upload.Results).Outcome);
    }

    [Fact]
    public async Task Upload_WithCookieButNoAntiforgeryHeader_Is400AndStoresNothing()
    {
        await using var app = new PrintStashAppFactory();
        using var browser = await app.SignInAsync(await app.CreateUserAsync(UserRole.Designer));

        using var response = await Uploads.SendAsync(browser, string.Empty, (Stl, Corpus.Bytes(Stl)));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "did not come from a PrintStash page");
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(0, await db.Files.CountAsync());
    }

    [Fact]
    public async Task Upload_WithCookieAndTheLibraryPagesAntiforgeryToken_Is201AsBrowserUpload()
    {
        await using var app = new PrintStashAppFactory();
        using var browser = await app.SignInAsync(await app.CreateUserAsync(UserRole.Designer));
        var page = await browser.GetStringAsync("/library");
        Assert.True(HtmlForms.Inputs(page).TryGetValue(HtmlForms.AntiforgeryField, out var token) && token.Length > 0, "/library rendered no antiforgery token.");

        using var content = Uploads.Multipart((Stl, Corpus.Bytes(Stl)));
        using var request = new HttpRequestMessage(HttpMethod.Post, Uploads.Path) { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await browser.SendAsync(request);

        var upload = await HttpAssert.JsonAsync<UploadResponse>(response, HttpStatusCode.Created);
        var result = Assert.Single(upload.Results);
        Assert.Equal("Added", result.Outcome);
        Assert.Equal("BrowserUpload", (await Uploads.FileAsync(browser, result.FileId!.Value)).Origin);
    }

    [Fact]
    public async Task Upload_AsViewer_Is403AndStoresNothing()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Viewer);

        using var response = await Uploads.SendAsync(client, string.Empty, (Stl, Corpus.Bytes(Stl)));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(0, await db.Files.CountAsync());
    }

    [Fact]
    public async Task Upload_LargerThanTheLiveLimit_Is413AndLeavesNoRowAndNoTempFile()
    {
        await using var app = new PrintStashAppFactory();
        await app.Services.GetRequiredService<ISettingsResolver>()
            .SetOverrideAsync(SettingCatalog.MaxUploadMegabytes.Key, "1", AuditActor.System, CancellationToken.None);
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var twoMegabytes = new byte[2 * 1024 * 1024];
        Random.Shared.NextBytes(twoMegabytes);

        using var response = await Uploads.SendAsync(client, string.Empty, ("big.stl", twoMegabytes));

        var upload = await HttpAssert.JsonAsync<UploadResponse>(response, HttpStatusCode.RequestEntityTooLarge);
        var result = Assert.Single(upload.Results);
        Assert.Equal("Rejected", result.Outcome);
        Assert.Contains("too large", result.Message, StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(0, await db.Files.CountAsync());
        Assert.Equal(0, await db.Blobs.CountAsync());
        var temp = Path.Combine(app.DataDir, "storage", "tmp");
        Assert.Empty(Directory.Exists(temp) ? Directory.EnumerateFileSystemEntries(temp) : []);
    }

    [Fact]
    public async Task Upload_UnsupportedExtension_Is400AndNamesTheSupportedTypes()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);

        using var response = await Uploads.SendAsync(client, string.Empty, ("notes.txt", "hello"u8.ToArray()));

        var upload = await HttpAssert.JsonAsync<UploadResponse>(response, HttpStatusCode.BadRequest);
        var result = Assert.Single(upload.Results);
        Assert.Equal("Rejected", result.Outcome);
        Assert.Contains(".stl", result.Message, StringComparison.Ordinal);
        Assert.Contains(".gcode", result.Message, StringComparison.Ordinal);
        Assert.Contains(".3mf", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_HostileFileNames_AreStoredUnderSafeDisplayNames()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var longName = new string('a', 300) + ".stl";
        var bytes = Corpus.Bytes("cube_text.stl");

        using var response = await Uploads.SendAsync(client, string.Empty,
            ("../../../etc/escape.stl", bytes), ("..\\..\\windows\\escape2.stl", bytes), ("bad\u0001na\u0007me\t.stl", bytes), (longName, bytes));

        var upload = await HttpAssert.JsonAsync<UploadResponse>(response, HttpStatusCode.Created);
        Assert.All(upload.Results, r => Assert.Equal("Added", r.Outcome));
        var names = new List<string>();
        foreach (var result in upload.Results)
        {
            names.Add((await Uploads.FileAsync(client, result.FileId!.Value)).Name);
        }

        Assert.Equal("escape.stl", names[0]);
        Assert.Equal("escape2.stl", names[1]);
        Assert.Equal("badname.stl", names[2]);
        Assert.Equal(255, names[3].Length);
        Assert.EndsWith("aaa.stl", names[3], StringComparison.Ordinal);
        Assert.All(names, n => Assert.DoesNotContain('/', n));
        Assert.All(names, n => Assert.DoesNotContain('\\', n));
        Assert.All(names, n => Assert.False(n.Any(char.IsControl), $"'{n}' holds a control character."));
        Assert.False(Directory.Exists(Path.Combine(app.DataDir, "etc")));
        Assert.False(Directory.Exists(Path.Combine(app.DataDir, "storage", "etc")));
    }

    [Fact]
    public async Task Download_AfterUpload_ReturnsIdenticalBytesUnderTheDisplayName()
    {
        await using var app = new PrintStashAppFactory();
        using var designer = await app.CreateApiClientAsync(UserRole.Designer);
        using var viewer = await app.CreateApiClientAsync(UserRole.Viewer);
        var original = Corpus.Bytes(GCode);
        var uploaded = await Uploads.CorpusFileAsync(designer, GCode);

        using var response = await viewer.GetAsync($"/api/v1/files/{uploaded.FileId}/download");

        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        var downloaded = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), Convert.ToHexStringLower(SHA256.HashData(downloaded)));
        Assert.Equal(GCode, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), (await Uploads.FileAsync(viewer, uploaded.FileId!.Value)).Sha256);
    }

    [Fact]
    public async Task Thumbnail_OfGCodeWithEmbeddedPng_Is200OnceProcessed()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var uploaded = await Uploads.CorpusFileAsync(client, ThumbnailGCode);

        var file = await Uploads.ProcessedAsync(client, uploaded.FileId!.Value);

        Assert.Equal("Done", file.ThumbnailState);
        Assert.Equal("Done", file.MetadataState);
        Assert.Equal($"/api/v1/files/{file.Id}/thumbnail", file.ThumbnailUrl);
        foreach (var url in new[] { file.ThumbnailUrl, file.ThumbnailUrl + "?size=small" })
        {
            using var response = await client.GetAsync(url);
            await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            var image = await response.Content.ReadAsByteArrayAsync();
            Assert.True(image.AsSpan().StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), $"{url} is not a PNG.");
        }

        var models = await client.GetFromJsonAsync<ModelListResponse>("/api/v1/models");
        Assert.Equal($"/api/v1/files/{file.Id}/thumbnail?size=small", Assert.Single(models!.Items).ThumbnailUrl);
    }

    [Fact]
    public async Task Thumbnail_BeforeAnyImageExists_Is404()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);

        using var response = await client.GetAsync($"/api/v1/files/{Guid.NewGuid()}/thumbnail");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task StatusRecommendTrashRestore_KeepExactlyOneRecommendedPrintFile()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var first = await Uploads.CorpusFileAsync(client, GCode);
        var second = await Uploads.CorpusFileAsync(client, OtherGCode, $"?modelId={first.ModelId}");
        var stl = await Uploads.CorpusFileAsync(client, Stl, $"?modelId={first.ModelId}");
        var modelId = first.ModelId!.Value;

        using (var status = await client.PutAsJsonAsync($"/api/v1/files/{first.FileId}/status", new { status = "KnownGood", label = "0.2 mm PLA", notes = "Printed fine on the Mk4." }))
        {
            await HttpAssert.StatusAsync(status, HttpStatusCode.NoContent);
        }

        var afterStatus = await Uploads.FileAsync(client, first.FileId!.Value);
        Assert.Equal(("KnownGood", "0.2 mm PLA", "Printed fine on the Mk4."), (afterStatus.Status, afterStatus.Label, afterStatus.Notes));
        await HttpAssert.ProblemAsync(await client.PutAsJsonAsync($"/api/v1/files/{first.FileId}/status", new { status = "Great" }), HttpStatusCode.BadRequest, "Unknown status");
        await HttpAssert.ProblemAsync(await client.PutAsJsonAsync($"/api/v1/files/{stl.FileId}/status", new { status = "KnownGood" }), HttpStatusCode.BadRequest, "Only print files");
        await HttpAssert.ProblemAsync(await client.PostAsync($"/api/v1/files/{stl.FileId}/recommend", null), HttpStatusCode.BadRequest, "Only print files");

        await HttpAssert.StatusAsync(await client.PostAsync($"/api/v1/files/{second.FileId}/recommend", null), HttpStatusCode.NoContent);
        Assert.Equal([second.FileId!.Value], await RecommendedAsync(client, modelId));

        await HttpAssert.StatusAsync(await client.DeleteAsync($"/api/v1/files/{second.FileId}"), HttpStatusCode.NoContent);
        Assert.Equal([first.FileId!.Value], await RecommendedAsync(client, modelId));
        Assert.NotNull((await Uploads.FileAsync(client, second.FileId.Value)).DeletedAt);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/files/{second.FileId}/download")).StatusCode);

        await HttpAssert.StatusAsync(await client.PostAsync($"/api/v1/files/{second.FileId}/restore", null), HttpStatusCode.NoContent);
        Assert.Equal([first.FileId.Value], await RecommendedAsync(client, modelId));
        Assert.Null((await Uploads.FileAsync(client, second.FileId.Value)).DeletedAt);

        await HttpAssert.StatusAsync(await client.DeleteAsync($"/api/v1/files/{first.FileId}"), HttpStatusCode.NoContent);
        Assert.Equal([second.FileId.Value], await RecommendedAsync(client, modelId));
        await HttpAssert.ProblemAsync(await client.PostAsync($"/api/v1/files/{Guid.NewGuid()}/recommend", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApiDocument_Anonymous_ListsTheFilesEndpoints()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        using var anonymous = app.CreateBrowser();

        using var response = await anonymous.GetAsync("/openapi/v1.json");

        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"/api/v1/files\"", json, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/files/{id}/download\"", json, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/models\"", json, StringComparison.Ordinal);
    }

    private static async Task<List<Guid>> RecommendedAsync(HttpClient client, Guid modelId) =>
        (await Uploads.ModelAsync(client, modelId)).Revisions.SelectMany(r => r.Files).Where(f => f.DeletedAt is null && f.Recommended).Select(f => f.Id).ToList();
}
