using System.Net;
using System.Net.Http.Json;
using PrintStash.Domain.Entities;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Vault;

public sealed class ModelsApiTests
{
    [Fact]
    public async Task ListModels_SearchByNameAndByTag_FindsOnlyTheMatchingModel()
    {
        await using var app = new PrintStashAppFactory();
        using var designer = await app.CreateApiClientAsync(UserRole.Designer);
        using var viewer = await app.CreateApiClientAsync(UserRole.Viewer);
        var boat = await Uploads.CorpusFileAsync(designer, "boat_hull.stl", "?modelName=Benchy%20Deluxe&tags=boat,Calibration");
        await Uploads.CorpusFileAsync(designer, "gear.stl");

        var byName = await viewer.GetFromJsonAsync<ModelListResponse>("/api/v1/models?q=benchy");
        var byTag = await viewer.GetFromJsonAsync<ModelListResponse>("/api/v1/models?tag=calibration");
        var all = await viewer.GetFromJsonAsync<ModelListResponse>("/api/v1/models");
        var none = await viewer.GetFromJsonAsync<ModelListResponse>("/api/v1/models?q=no-such-model");

        var found = Assert.Single(byName!.Items);
        Assert.Equal(boat.ModelId, found.Id);
        Assert.Equal("Benchy Deluxe", found.Name);
        Assert.Equal(["Calibration", "boat"], found.Tags.Order(StringComparer.Ordinal));
        Assert.Equal(boat.ModelId, Assert.Single(byTag!.Items).Id);
        Assert.Equal(2, all!.Items.Count);
        Assert.Empty(none!.Items);
        Assert.Null(all.NextCursor);
    }

    [Fact]
    public async Task ListModels_KeysetPages_ReturnEveryModelExactlyOnce()
    {
        // The fake clock stands still, so every model has the same UpdatedAt: only the id breaks the ties.
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var bytes = Corpus.Bytes("cube_text.stl");
        using var response = await Uploads.SendAsync(client, string.Empty, Enumerable.Range(1, 11).Select(i => ($"part-{i:00}.stl", bytes)).ToArray());
        var upload = await HttpAssert.JsonAsync<UploadResponse>(response, HttpStatusCode.Created);
        var created = upload.Results.Select(r => r.ModelId!.Value).ToHashSet();
        Assert.Equal(11, created.Count);

        foreach (var take in new[] { 1, 3, 4, 11, 50 })
        {
            var listed = await Uploads.AllModelsAsync(client, string.Empty, take);
            Assert.Equal(11, listed.Count);
            Assert.Equal(created, listed.Select(m => m.Id).ToHashSet());
        }
    }

    [Fact]
    public async Task ListModels_BadCursor_StartsFromTheBeginningInsteadOfFailing()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        await Uploads.CorpusFileAsync(client, "gear.stl");

        var page = await client.GetFromJsonAsync<ModelListResponse>("/api/v1/models?cursor=not-a-cursor");

        Assert.Single(page!.Items);
    }

    [Fact]
    public async Task TrashAndRestoreModel_MovesItBetweenLibraryAndTrash()
    {
        await using var app = new PrintStashAppFactory();
        using var designer = await app.CreateApiClientAsync(UserRole.Designer);
        using var viewer = await app.CreateApiClientAsync(UserRole.Viewer);
        var uploaded = await Uploads.CorpusFileAsync(designer, "gear.stl");

        await HttpAssert.ProblemAsync(await viewer.DeleteAsync($"/api/v1/models/{uploaded.ModelId}"), HttpStatusCode.Forbidden);
        await HttpAssert.StatusAsync(await designer.DeleteAsync($"/api/v1/models/{uploaded.ModelId}"), HttpStatusCode.NoContent);

        Assert.Empty((await viewer.GetFromJsonAsync<ModelListResponse>("/api/v1/models"))!.Items);
        var trashed = Assert.Single((await viewer.GetFromJsonAsync<ModelListResponse>("/api/v1/models?trashed=true"))!.Items);
        Assert.Equal(uploaded.ModelId, trashed.Id);
        Assert.NotNull(trashed.DeletedAt);
        Assert.NotNull((await Uploads.ModelAsync(viewer, uploaded.ModelId!.Value)).DeletedAt);

        await HttpAssert.StatusAsync(await designer.PostAsync($"/api/v1/models/{uploaded.ModelId}/restore", null), HttpStatusCode.NoContent);

        Assert.Equal(uploaded.ModelId, Assert.Single((await viewer.GetFromJsonAsync<ModelListResponse>("/api/v1/models"))!.Items).Id);
        Assert.Empty((await viewer.GetFromJsonAsync<ModelListResponse>("/api/v1/models?trashed=true"))!.Items);
    }

    [Fact]
    public async Task GetModel_Unknown_Is404()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Viewer);

        using var response = await client.GetAsync($"/api/v1/models/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
