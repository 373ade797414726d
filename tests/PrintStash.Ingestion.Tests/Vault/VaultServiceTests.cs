using System.Text;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Storage;
using PrintStash.Ingestion.Tests.TestSupport;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Ingestion.Tests.Vault;

public sealed class VaultServiceTests
{
    private static byte[] GCode(string marker) => Encoding.ASCII.GetBytes($"; {marker}\nG28\n");

    private static async Task<(VaultHarness Vault, Guid ModelId, Guid First, Guid Second)> ModelWithTwoPrintFilesAsync()
    {
        var vault = await VaultHarness.CreateAsync();
        var first = await vault.PersistAsync(GCode("1"), "part_a.gcode");
        var second = await vault.PersistAsync(GCode("2"), "part_b.gcode", new IngestTarget.ExistingModel(first.ModelId!.Value));
        return (vault, first.ModelId.Value, first.FileId!.Value, second.FileId!.Value);
    }

    [Fact]
    public async Task Mark_recommended_moves_the_flag_so_exactly_one_file_has_it()
    {
        var (vault, _, first, second) = await ModelWithTwoPrintFilesAsync();
        await using var _ = vault;

        var result = await vault.Get<VaultService>().MarkRecommendedAsync(second, vault.Actor, CancellationToken.None);

        Assert.True(result.Succeeded);
        await using var context = vault.CreateContext();
        Assert.Equal([second], await context.Files.Where(f => f.IsRecommended).Select(f => f.Id).ToListAsync());
        Assert.False((await context.Files.FindAsync(first))!.IsRecommended);
    }

    [Fact]
    public async Task Trashing_the_recommended_file_passes_the_flag_to_the_next_print_file()
    {
        var (vault, _, first, second) = await ModelWithTwoPrintFilesAsync();
        await using var _ = vault;

        await vault.Get<VaultService>().TrashFileAsync(first, vault.Actor, CancellationToken.None);

        await using var context = vault.CreateContext();
        Assert.Equal([second], await context.Files.Live().Where(f => f.IsRecommended).Select(f => f.Id).ToListAsync());
        Assert.Equal(1, await context.Files.Trashed().CountAsync());
    }

    [Fact]
    public async Task Trashing_the_cover_file_moves_the_cover_to_a_live_file()
    {
        var (vault, modelId, first, second) = await ModelWithTwoPrintFilesAsync();
        await using var _ = vault;

        await vault.Get<VaultService>().TrashFileAsync(first, vault.Actor, CancellationToken.None);

        await using var context = vault.CreateContext();
        Assert.Equal(second, (await context.Models.SingleAsync(m => m.Id == modelId)).CoverFileId);
    }

    [Fact]
    public async Task Restoring_a_file_does_not_steal_the_recommended_flag()
    {
        var (vault, _, first, second) = await ModelWithTwoPrintFilesAsync();
        await using var _ = vault;
        var service = vault.Get<VaultService>();
        await service.TrashFileAsync(first, vault.Actor, CancellationToken.None);

        await service.RestoreFileAsync(first, vault.Actor, CancellationToken.None);

        await using var context = vault.CreateContext();
        Assert.Equal([second], await context.Files.Live().Where(f => f.IsRecommended).Select(f => f.Id).ToListAsync());
        Assert.Equal(2, await context.Files.Live().CountAsync());
    }

    [Fact]
    public async Task Status_label_and_notes_are_saved_and_audited()
    {
        var (vault, _, first, _) = await ModelWithTwoPrintFilesAsync();
        await using var _ = vault;

        var result = await vault.Get<VaultService>().SetPrintStatusAsync(first, PrintStatus.KnownGood, "0.2 PLA", "prints in 1h", vault.Actor, CancellationToken.None);

        Assert.True(result.Succeeded);
        await using var context = vault.CreateContext();
        var file = await context.Files.SingleAsync(f => f.Id == first);
        Assert.Equal((PrintStatus.KnownGood, "0.2 PLA", "prints in 1h"), (file.PrintStatus, file.Label, file.Notes));
        Assert.True(await context.AuditEvents.AnyAsync(e => e.Action == "file.status_changed" && e.TargetId == first.ToString()));
    }

    [Fact]
    public async Task Mesh_files_have_no_status_and_cannot_be_recommended()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var mesh = await vault.PersistAsync(Encoding.ASCII.GetBytes("solid m\nendsolid m\n"), "m.stl");
        var service = vault.Get<VaultService>();

        var status = await service.SetPrintStatusAsync(mesh.FileId!.Value, PrintStatus.Failed, null, null, vault.Actor, CancellationToken.None);
        var recommend = await service.MarkRecommendedAsync(mesh.FileId.Value, vault.Actor, CancellationToken.None);

        Assert.False(status.Succeeded);
        Assert.False(recommend.Succeeded);
        Assert.Contains("print files", recommend.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_file_is_reported_as_not_found()
    {
        await using var vault = await VaultHarness.CreateAsync();

        var result = await vault.Get<VaultService>().TrashFileAsync(Guid.NewGuid(), vault.Actor, CancellationToken.None);

        Assert.Equal(VaultFailure.NotFound, result.Failure);
    }

    [Fact]
    public async Task Trashed_model_disappears_from_live_queries_and_comes_back_on_restore()
    {
        var (vault, modelId, _, _) = await ModelWithTwoPrintFilesAsync();
        await using var _ = vault;
        var service = vault.Get<VaultService>();
        var queries = vault.Get<VaultQueries>();

        await service.TrashModelAsync(modelId, vault.Actor, CancellationToken.None);
        var whileTrashed = await queries.ListModelsAsync(new ModelFilter(), CancellationToken.None);
        var trash = await queries.ListModelsAsync(new ModelFilter(Trashed: true), CancellationToken.None);
        await service.RestoreModelAsync(modelId, vault.Actor, CancellationToken.None);
        var afterRestore = await queries.ListModelsAsync(new ModelFilter(), CancellationToken.None);

        Assert.Empty(whileTrashed.Items);
        Assert.Single(trash.Items);
        Assert.Single(afterRestore.Items);
    }

    [Fact]
    public async Task Purge_deletes_expired_trash_and_bytes_only_when_nothing_else_refers_to_them()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var shared = GCode("shared");
        var a = await vault.PersistAsync(shared, "a.gcode");
        var b = await vault.PersistAsync(shared, "b.gcode");
        var only = await vault.PersistAsync(GCode("only-in-a"), "a2.gcode", new IngestTarget.ExistingModel(a.ModelId!.Value));
        var service = vault.Get<VaultService>();
        await service.TrashModelAsync(a.ModelId.Value, vault.Actor, CancellationToken.None);
        var blobs = vault.Get<BlobStore>();

        var early = await vault.Get<TrashPurger>().PurgeExpiredAsync(CancellationToken.None);
        vault.Time.Advance(TimeSpan.FromDays(31));
        var late = await vault.Get<TrashPurger>().PurgeExpiredAsync(CancellationToken.None);

        Assert.Equal(new PurgeReport(0, 0, 0), early);
        Assert.Equal(1, late.ModelsPurged);
        Assert.Equal(2, late.FilesPurged);
        Assert.True(blobs.Exists(b.BlobHash!));
        Assert.False(blobs.Exists(only.BlobHash!));
        Assert.False(Directory.Exists(vault.Paths.ModelFolder(a.ModelId.Value)));
        await using var context = vault.CreateContext();
        Assert.Equal(1, await context.Models.CountAsync());
        Assert.Equal(1, await context.Blobs.CountAsync());
    }

    [Fact]
    public async Task Keyset_pages_return_every_model_exactly_once()
    {
        await using var vault = await VaultHarness.CreateAsync();
        for (var i = 0; i < 23; i++)
        {
            await vault.PersistAsync(GCode($"m{i}"), $"model{i}.gcode");
            vault.Time.Advance(TimeSpan.FromSeconds(i % 3 == 0 ? 0 : 1));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await vault.Get<VaultQueries>().ListModelsAsync(new ModelFilter(Cursor: cursor, Take: 5), CancellationToken.None);
            seen.AddRange(page.Items.Select(m => m.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(23, seen.Count);
        Assert.Equal(23, seen.Distinct().Count());
    }

    [Fact]
    public async Task Search_finds_models_by_name_tag_and_file_name()
    {
        await using var vault = await VaultHarness.CreateAsync();
        await vault.PersistAsync(GCode("1"), "Benchy.gcode");
        await vault.PersistAsync(GCode("2"), "bracket.gcode", tags: ["Garage"]);
        await vault.PersistAsync(GCode("3"), "other.gcode");
        var queries = vault.Get<VaultQueries>();

        var byName = await queries.ListModelsAsync(new ModelFilter(Search: "benchy"), CancellationToken.None);
        var byTag = await queries.ListModelsAsync(new ModelFilter(Search: "garage"), CancellationToken.None);
        var tagFilter = await queries.ListModelsAsync(new ModelFilter(Tag: "garage"), CancellationToken.None);
        var badCursor = await queries.ListModelsAsync(new ModelFilter(Cursor: "not-a-cursor!"), CancellationToken.None);

        Assert.Equal(["Benchy"], byName.Items.Select(m => m.Name));
        Assert.Equal(["bracket"], byTag.Items.Select(m => m.Name));
        Assert.Equal(["bracket"], tagFilter.Items.Select(m => m.Name));
        Assert.Equal(3, badCursor.Items.Count);
    }
}
