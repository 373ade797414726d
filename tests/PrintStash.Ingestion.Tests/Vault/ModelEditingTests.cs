using System.Text;
using Microsoft.EntityFrameworkCore;
using PrintStash.Ingestion.Tests.TestSupport;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Ingestion.Tests.Vault;

public sealed class ModelEditingTests
{
    private static readonly byte[] GCode = Encoding.ASCII.GetBytes("; m\nG28\n");

    [Fact]
    public async Task Update_changes_fields_replaces_tags_and_writes_the_sidecar()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var model = await vault.PersistAsync(GCode, "hook.gcode", tags: ["old"]);

        var result = await vault.Get<ModelEditor>().UpdateAsync(model.ModelId!.Value,
            new ModelEdit(Name: "Wall hook", Description: "Holds a bike", SourceUrl: "https://example.org/hook", Tags: ["garage", "Garage", "bike"]),
            vault.Actor, CancellationToken.None);

        Assert.True(result.Succeeded);
        await using var context = vault.CreateContext();
        var saved = await context.Models.Include(m => m.Tags).SingleAsync();
        Assert.Equal(("Wall hook", "Holds a bike", "https://example.org/hook"), (saved.Name, saved.Description, saved.SourceUrl));
        Assert.Equal(["bike", "garage"], saved.Tags.Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase));
        var sidecar = await File.ReadAllTextAsync(Path.Combine(vault.Paths.ModelFolder(saved.Id), "printstash.json"));
        Assert.Contains("Wall hook", sidecar, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  ", null, "name cannot be empty")]
    [InlineData(null, "javascript:alert(1)", "http:// or https://")]
    [InlineData(null, "not a url", "http:// or https://")]
    public async Task Update_with_bad_values_changes_nothing_and_says_why(string? name, string? sourceUrl, string expected)
    {
        await using var vault = await VaultHarness.CreateAsync();
        var model = await vault.PersistAsync(GCode, "hook.gcode");

        var result = await vault.Get<ModelEditor>().UpdateAsync(model.ModelId!.Value, new ModelEdit(Name: name, SourceUrl: sourceUrl), vault.Actor, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        await using var context = vault.CreateContext();
        Assert.Equal("hook", (await context.Models.SingleAsync()).Name);
    }

    [Fact]
    public async Task Collections_nest_refuse_cycles_and_delete_only_when_empty()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var collections = vault.Get<CollectionService>();
        var (parent, _) = await collections.CreateAsync("Workshop", null, vault.Actor, CancellationToken.None);
        var (child, _) = await collections.CreateAsync("Clamps", parent, vault.Actor, CancellationToken.None);
        var (_, duplicate) = await collections.CreateAsync("Clamps", parent, vault.Actor, CancellationToken.None);
        var model = await vault.PersistAsync(GCode, "clamp.gcode", new PrintStash.Ingestion.Pipeline.IngestTarget.NewModel(CollectionId: child));

        var cycle = await collections.UpdateAsync(parent!.Value, null, child, false, vault.Actor, CancellationToken.None);
        var deleteNonEmpty = await collections.DeleteAsync(child!.Value, vault.Actor, CancellationToken.None);
        var tree = await collections.TreeAsync(CancellationToken.None);

        Assert.False(duplicate.Succeeded);
        Assert.Contains("into itself", cycle.Error, StringComparison.Ordinal);
        Assert.Contains("Only an empty collection", deleteNonEmpty.Error, StringComparison.Ordinal);
        var workshop = Assert.Single(tree);
        Assert.Equal(("Clamps", 1), (workshop.Children.Single().Name, workshop.Children.Single().ModelCount));

        await vault.Get<ModelEditor>().UpdateAsync(model.ModelId!.Value, new ModelEdit(ClearCollection: true), vault.Actor, CancellationToken.None);
        Assert.True((await collections.DeleteAsync(child.Value, vault.Actor, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task Favourites_are_per_user_and_filter_the_list()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var liked = await vault.PersistAsync(GCode, "liked.gcode");
        await vault.PersistAsync(Encoding.ASCII.GetBytes("; other\n"), "other.gcode");
        var favorites = vault.Get<FavoriteService>();

        var first = await favorites.SetAsync(vault.UserId, liked.ModelId!.Value, true, CancellationToken.None);
        var again = await favorites.SetAsync(vault.UserId, liked.ModelId.Value, true, CancellationToken.None);
        var missing = await favorites.SetAsync(vault.UserId, Guid.NewGuid(), true, CancellationToken.None);
        var mine = await vault.Get<VaultQueries>().ListModelsAsync(new ModelFilter(FavoritesOnly: true, FavoritesOf: vault.UserId), CancellationToken.None);
        var someoneElse = await vault.Get<VaultQueries>().ListModelsAsync(new ModelFilter(FavoritesOnly: true, FavoritesOf: Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(["liked"], mine.Items.Select(m => m.Name));
        Assert.Empty(someoneElse.Items);
        Assert.True(await favorites.IsFavoriteAsync(vault.UserId, liked.ModelId.Value, CancellationToken.None));
        Assert.True(first.Succeeded && again.Succeeded);
        Assert.Equal(VaultFailure.NotFound, missing.Failure);
        await favorites.SetAsync(vault.UserId, liked.ModelId.Value, false, CancellationToken.None);
        Assert.False(await favorites.IsFavoriteAsync(vault.UserId, liked.ModelId.Value, CancellationToken.None));
    }

    [Theory]
    [InlineData("", "1 to 128 characters")]
    [InlineData("   ", "1 to 128 characters")]
    public async Task Collection_with_an_empty_name_or_unknown_parent_is_refused(string name, string expected)
    {
        await using var vault = await VaultHarness.CreateAsync();
        var collections = vault.Get<CollectionService>();

        var (_, empty) = await collections.CreateAsync(name, null, vault.Actor, CancellationToken.None);
        var (_, orphan) = await collections.CreateAsync("Child", Guid.NewGuid(), vault.Actor, CancellationToken.None);
        var missing = await collections.DeleteAsync(Guid.NewGuid(), vault.Actor, CancellationToken.None);

        Assert.Contains(expected, empty.Error, StringComparison.Ordinal);
        Assert.Contains("parent collection does not exist", orphan.Error, StringComparison.Ordinal);
        Assert.Equal(VaultFailure.NotFound, missing.Failure);
        Assert.Empty(await collections.TreeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Editing_a_missing_model_or_into_a_missing_collection_is_refused()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var model = await vault.PersistAsync(GCode, "hook.gcode");
        var editor = vault.Get<ModelEditor>();

        var missingModel = await editor.UpdateAsync(Guid.NewGuid(), new ModelEdit(Name: "x"), vault.Actor, CancellationToken.None);
        var missingCollection = await editor.UpdateAsync(model.ModelId!.Value, new ModelEdit(CollectionId: Guid.NewGuid()), vault.Actor, CancellationToken.None);
        var tooManyTags = await editor.UpdateAsync(model.ModelId.Value, new ModelEdit(Tags: Enumerable.Range(0, 51).Select(i => $"t{i}").ToList()), vault.Actor, CancellationToken.None);

        Assert.Equal(VaultFailure.NotFound, missingModel.Failure);
        Assert.Contains("collection does not exist", missingCollection.Error, StringComparison.Ordinal);
        Assert.Contains("at most 50 tags", tooManyTags.Error, StringComparison.Ordinal);
    }
}
