using Microsoft.Extensions.DependencyInjection;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Components.Vault;
using PrintStash.Web.Tests.TestSupport;
using LibraryPages = PrintStash.Web.Components.Pages.Library;
using ModelPages = PrintStash.Web.Components.Pages.Models;

namespace PrintStash.Web.Tests.Vault;

/// <summary>Model details, favourites and collections on the model and library pages, rendered with the in-box HtmlRenderer.</summary>
public sealed class ModelDetailsTests
{
    [Fact]
    public async Task ModelPage_ForDesigner_ShowsEditDetailsAndFavouriteToggle()
    {
        await using var app = new PrintStashAppFactory();
        var modelId = await UploadModelAsync(app);

        var html = await VaultComponentTests.RenderAsync<ModelPages.ModelPage>(app, UserRole.Designer, ModelParameters(modelId));

        Assert.Contains("Edit details", html, StringComparison.Ordinal);
        Assert.Contains("id=\"edit-model-details\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"favorite-model\"", html, StringComparison.Ordinal);
        Assert.Contains("Add to favourites", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelPage_ForViewer_ShowsFavouriteToggleButNotEditDetails()
    {
        await using var app = new PrintStashAppFactory();
        var modelId = await UploadModelAsync(app);

        var html = await VaultComponentTests.RenderAsync<ModelPages.ModelPage>(app, UserRole.Viewer, ModelParameters(modelId));

        Assert.Contains("id=\"favorite-model\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-pressed=\"false\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Edit details", html, StringComparison.Ordinal);
        Assert.DoesNotContain("edit-model-details", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelPage_WithDetails_ShowsThemAndLinksTheSourceSafely()
    {
        await using var app = new PrintStashAppFactory();
        var modelId = await UploadModelAsync(app);
        var (collectionId, created) = await app.Services.GetRequiredService<CollectionService>().CreateAsync("Brackets", null, AuditActor.System, CancellationToken.None);
        Assert.True(created.Succeeded, created.Error);
        var result = await app.Services.GetRequiredService<ModelEditor>().UpdateAsync(modelId,
            new ModelEdit(Description: "A sturdy shelf bracket.", Creator: "Ada", SourceUrl: "https://example.com/bracket?v=2", License: "CC BY 4.0",
                Notes: "Print with 4 walls.", CollectionId: collectionId),
            AuditActor.System, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);

        var html = await VaultComponentTests.RenderAsync<ModelPages.ModelPage>(app, UserRole.Viewer, ModelParameters(modelId));

        Assert.Contains("A sturdy shelf bracket.", html, StringComparison.Ordinal);
        Assert.Contains("<dd>Ada</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>CC BY 4.0</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Print with 4 walls.", html, StringComparison.Ordinal);
        Assert.Contains("Brackets", html, StringComparison.Ordinal);
        Assert.Contains(
            "<a href=\"https://example.com/bracket?v=2\" target=\"_blank\" rel=\"noopener noreferrer nofollow\" class=\"ps-model-source\" id=\"model-source\">https://example.com/bracket?v=2</a>",
            html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelPage_WithoutDetails_ShowsNoEmptyFacts()
    {
        await using var app = new PrintStashAppFactory();
        var modelId = await UploadModelAsync(app);

        var html = await VaultComponentTests.RenderAsync<ModelPages.ModelPage>(app, UserRole.Viewer, ModelParameters(modelId));

        Assert.DoesNotContain("id=\"model-facts\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"model-notes\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"model-source\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LibraryPage_ShowsCollectionFilterToAllAndManageCollectionsOnlyToDesigners()
    {
        await using var app = new PrintStashAppFactory();
        await UploadModelAsync(app);
        var (_, created) = await app.Services.GetRequiredService<CollectionService>().CreateAsync("Workshop", null, AuditActor.System, CancellationToken.None);
        Assert.True(created.Succeeded, created.Error);

        var designer = await VaultComponentTests.RenderAsync<LibraryPages.LibraryPage>(app, UserRole.Designer);
        var viewer = await VaultComponentTests.RenderAsync<LibraryPages.LibraryPage>(app, UserRole.Viewer);

        foreach (var html in new[] { designer, viewer })
        {
            Assert.Contains("id=\"library-collection\"", html, StringComparison.Ordinal);
            Assert.Contains("Favourites only", html, StringComparison.Ordinal);
        }

        Assert.Contains("Workshop", designer, StringComparison.Ordinal); // offered by the collection filter
        Assert.Contains("Manage collections", designer, StringComparison.Ordinal);
        Assert.DoesNotContain("Manage collections", viewer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelDetailsDialog_Opened_ShowsTheModelsValuesAndTheCollectionTree()
    {
        await using var app = new PrintStashAppFactory();
        var modelId = await UploadModelAsync(app);
        var collections = app.Services.GetRequiredService<CollectionService>();
        var (parentId, _) = await collections.CreateAsync("Workshop", null, AuditActor.System, CancellationToken.None);
        await collections.CreateAsync("Brackets", parentId, AuditActor.System, CancellationToken.None);
        await app.Services.GetRequiredService<ModelEditor>().UpdateAsync(modelId,
            new ModelEdit(Creator: "Ada", Tags: ["gears", "PLA"]), AuditActor.System, CancellationToken.None);
        var model = await app.Services.GetRequiredService<VaultQueries>().GetModelAsync(modelId, includeTrashed: false, CancellationToken.None);

        var html = await VaultComponentTests.RenderAsync<ModelDetailsDialog>(app, UserRole.Designer,
            new Dictionary<string, object?> { [nameof(ModelDetailsDialog.Model)] = model });

        Assert.Contains("value=\"gear\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Ada\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"gears, PLA\"", html, StringComparison.Ordinal);
        Assert.Contains("\u2003Brackets", html, StringComparison.Ordinal);
        Assert.Contains("Workshop", html, StringComparison.Ordinal);
        Assert.DoesNotContain("model-details-error", html, StringComparison.Ordinal);
    }

    [Fact]
    public void CollectionOptions_Flatten_PutsChildrenAfterTheirParentIndented()
    {
        var parentId = Guid.NewGuid();
        var child = new CollectionNode(Guid.NewGuid(), "Brackets", parentId, 2, []);
        var parent = new CollectionNode(parentId, "Workshop", null, 0, [child]);

        var options = CollectionOptions.Flatten([parent], "None");

        Assert.Equal(["None", "Workshop", "\u2003Brackets"], options.Select(o => o.Text));
        Assert.Equal(CollectionOptions.None, options[0].Id);
        Assert.Equal(child.Id, options[2].Id);
    }

    [Fact]
    public void ModelDetailsDialog_ParseTags_TrimsDropsBlanksAndDuplicates()
    {
        Assert.Equal(["calibration", "PLA", "bracket"], ModelDetailsDialog.ParseTags(" calibration, PLA,, pla ,bracket ,"));
        Assert.Empty(ModelDetailsDialog.ParseTags(null));
    }

    private static Dictionary<string, object?> ModelParameters(Guid modelId) => new() { [nameof(ModelPages.ModelPage.Id)] = modelId };

    private static async Task<Guid> UploadModelAsync(PrintStashAppFactory app)
    {
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var uploaded = await Uploads.CorpusFileAsync(client, "gear.stl");
        return uploaded.ModelId!.Value;
    }
}
