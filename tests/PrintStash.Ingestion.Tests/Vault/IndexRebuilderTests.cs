using System.Text;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Tests.TestSupport;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Ingestion.Tests.Vault;

public sealed class IndexRebuilderTests
{
    [Fact]
    public async Task Rebuild_from_storage_restores_models_revisions_files_tags_and_statuses_after_the_index_is_lost()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var mesh = await vault.PersistAsync(Encoding.ASCII.GetBytes("solid r\nendsolid r\n"), "rocket.stl", tags: ["space"]);
        var target = new IngestTarget.ExistingModel(mesh.ModelId!.Value);
        var g1 = await vault.PersistAsync(Encoding.ASCII.GetBytes("; a\nG28\n"), "rocket_pla.gcode", target);
        var g2 = await vault.PersistAsync(Encoding.ASCII.GetBytes("; b\nG28\n"), "rocket_petg.gcode", target);
        await vault.Get<VaultService>().SetPrintStatusAsync(g2.FileId!.Value, PrintStatus.KnownGood, "PETG", null, vault.Actor, CancellationToken.None);
        await vault.Get<VaultService>().MarkRecommendedAsync(g2.FileId.Value, vault.Actor, CancellationToken.None);
        await vault.WriteSidecarsAsync();
        await using (var context = vault.CreateContext())
        {
            await context.Files.ExecuteDeleteAsync();
            await context.Revisions.ExecuteDeleteAsync();
            await context.Database.ExecuteSqlRawAsync("DELETE FROM model_tags");
            await context.Models.ExecuteDeleteAsync();
            await context.Blobs.ExecuteDeleteAsync();
        }

        var report = await vault.Get<IndexRebuilder>().RebuildAsync(vault.Actor, CancellationToken.None);
        var again = await vault.Get<IndexRebuilder>().RebuildAsync(vault.Actor, CancellationToken.None);

        Assert.Equal((1, 3, 0, 0), (report.ModelsRestored, report.FilesRestored, report.ModelsAlreadyIndexed, report.FilesWithMissingBytes));
        Assert.Equal((0, 1), (again.ModelsRestored, again.ModelsAlreadyIndexed));
        await using var after = vault.CreateContext();
        var model = await after.Models.Include(m => m.Tags).SingleAsync();
        Assert.Equal("rocket", model.Name);
        Assert.Equal(["space"], model.Tags.Select(t => t.Name));
        var files = await after.Files.ToListAsync();
        Assert.Equal(new[] { mesh.FileId, g1.FileId, g2.FileId }.Order(), files.Select(f => (Guid?)f.Id).Order());
        var petg = files.Single(f => f.Id == g2.FileId);
        Assert.True(petg.IsRecommended);
        Assert.Equal((PrintStatus.KnownGood, "PETG"), (petg.PrintStatus, petg.Label));
        Assert.Equal(1, await after.Files.CountAsync(f => f.IsRecommended));
        Assert.Equal(3, await after.Blobs.CountAsync());
    }

    [Fact]
    public async Task Rebuild_skips_unreadable_sidecars_and_counts_files_whose_bytes_are_gone()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var result = await vault.PersistAsync(Encoding.ASCII.GetBytes("; x\n"), "x.gcode");
        await vault.WriteSidecarsAsync();
        Directory.CreateDirectory(Path.Combine(vault.Paths.ModelsRoot, "broken"));
        await File.WriteAllTextAsync(Path.Combine(vault.Paths.ModelsRoot, "broken", "printstash.json"), "{ not json");
        await using (var context = vault.CreateContext())
        {
            await context.Files.ExecuteDeleteAsync();
            await context.Revisions.ExecuteDeleteAsync();
            await context.Models.ExecuteDeleteAsync();
        }

        File.Delete(vault.Get<PrintStash.Ingestion.Storage.BlobStore>().PathOf(result.BlobHash!));

        var report = await vault.Get<IndexRebuilder>().RebuildAsync(vault.Actor, CancellationToken.None);

        Assert.Equal(1, report.ModelsRestored);
        Assert.Equal(0, report.FilesRestored);
        Assert.Equal(1, report.FilesWithMissingBytes);
        Assert.Single(report.UnreadableSidecars);
    }
}
