using System.Net;
using PrintStash.Domain.Entities;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;
using PrintStash.Web.Tests.Vault;

namespace PrintStash.Web.Tests.Slicing;

/// <summary>"Open in slicer" links: fetched without a cookie, one file only, expire in minutes, every use audited.</summary>
public sealed class SlicerLinkTests
{
    [Fact]
    public async Task Link_FetchedWithoutCookie_ReturnsTheFileAndIsAudited()
    {
        await using var app = new PrintStashAppFactory();
        var viewer = await app.CreateUserAsync(UserRole.Viewer);
        using var designer = await app.CreateApiClientAsync(UserRole.Designer);
        var mesh = await Uploads.CorpusFileAsync(designer, "bracket.stl");
        using var client = app.CreateApiClient(await app.CreateApiKeyAsync(viewer));

        var link = await HttpAssert.JsonAsync<SlicerLinkResponse>(await client.PostAsync($"/api/v1/files/{mesh.FileId}/slicer-link?app=prusa", null));
        using var slicer = app.CreateBrowser(); // no cookie, no key: like the slicer's own downloader
        using var response = await slicer.GetAsync(new Uri(link.DownloadUrl).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Corpus.Bytes("bracket.stl"), await response.Content.ReadAsByteArrayAsync());
        Assert.EndsWith("/bracket.stl", link.DownloadUrl, StringComparison.Ordinal);
        Assert.StartsWith("prusaslicer://open?file=" + Uri.EscapeDataString(link.DownloadUrl[..8]), link.OpenUrl, StringComparison.Ordinal);
        Assert.Equal(app.Time.GetUtcNow() + TimeSpan.FromMinutes(10), link.ExpiresAt);
        var audit = Assert.Single(await app.AuditEventsAsync("file.opened-in-slicer"));
        Assert.Equal(viewer.Id, audit.ActorId);
        Assert.Equal(mesh.FileId.ToString(), audit.TargetId);
    }

    [Fact]
    public async Task Link_AfterTenMinutes_IsGoneWithAReason()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var mesh = await Uploads.CorpusFileAsync(client, "bracket.stl");
        var link = await HttpAssert.JsonAsync<SlicerLinkResponse>(await client.PostAsync($"/api/v1/files/{mesh.FileId}/slicer-link", null));

        app.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        using var slicer = app.CreateBrowser();
        using var response = await slicer.GetAsync(new Uri(link.DownloadUrl).PathAndQuery);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await app.AuditEventsAsync("file.opened-in-slicer"));
    }

    [Fact]
    public async Task Link_TamperedOrForOtherName_GivesOnlyItsOwnFileOrNothing()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var mesh = await Uploads.CorpusFileAsync(client, "bracket.stl");
        var other = await Uploads.CorpusFileAsync(client, "gear.stl");
        var link = await HttpAssert.JsonAsync<SlicerLinkResponse>(await client.PostAsync($"/api/v1/files/{mesh.FileId}/slicer-link", null));
        var path = new Uri(link.DownloadUrl).AbsolutePath;
        var token = path.Split('/')[2];
        using var slicer = app.CreateBrowser();

        using var tampered = await slicer.GetAsync($"/slicer-files/{token[..^2]}xy/bracket.stl");
        using var renamed = await slicer.GetAsync($"/slicer-files/{token}/gear.stl");

        Assert.Equal(HttpStatusCode.Gone, tampered.StatusCode);
        Assert.Equal(Corpus.Bytes("bracket.stl"), await renamed.Content.ReadAsByteArrayAsync()); // the name in the URL is cosmetic
        Assert.NotEqual(other.FileId, mesh.FileId);
    }

    [Fact]
    public async Task Link_FileTrashedAfterwards_Is404()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var mesh = await Uploads.CorpusFileAsync(client, "bracket.stl");
        var link = await HttpAssert.JsonAsync<SlicerLinkResponse>(await client.PostAsync($"/api/v1/files/{mesh.FileId}/slicer-link", null));
        (await client.DeleteAsync($"/api/v1/files/{mesh.FileId}")).EnsureSuccessStatusCode();

        using var slicer = app.CreateBrowser();
        using var response = await slicer.GetAsync(new Uri(link.DownloadUrl).PathAndQuery);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Link_UnknownApp_Is400()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var mesh = await Uploads.CorpusFileAsync(client, "bracket.stl");

        using var response = await client.PostAsync($"/api/v1/files/{mesh.FileId}/slicer-link?app=simplify3d", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
