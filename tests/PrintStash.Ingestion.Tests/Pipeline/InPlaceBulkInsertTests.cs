using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Settings;
using PrintStash.Ingestion.Libraries;
using PrintStash.Ingestion.Tests.Libraries;
using PrintStash.Ingestion.Tests.TestSupport;

namespace PrintStash.Ingestion.Tests.Pipeline;

/// <summary>
/// The in-place entry of the pipeline writes models, revisions, blobs and files through BulkInsert and reads the index
/// back through a plain data reader: both are provider-specific at the bottom, so both run on SQLite and PostgreSQL.
/// </summary>
public sealed class InPlaceBulkInsertTests
{
    [Theory]
    [InlineData(DatabaseProviders.Sqlite)]
    [InlineData(DatabaseProviders.Postgres)]
    public async Task In_place_bulk_path_writes_every_row_and_reads_the_index_back_on(string provider)
    {
        await using var database = await ProviderDatabase.CreateAsync(provider);
        await using var lib = await LibraryFixture.CreateAsync(settings: database.Settings);
        lib.Vault.Get<LibraryScanner>().AddBatchFiles = 3;
        // The vault already holds the hook's bytes (an upload): the library's hook shares that blob row.
        await lib.Vault.PersistAsync(System.Text.Encoding.UTF8.GetBytes(LibraryFixture.Stl("hook")), "uploaded hook.stl");
        lib.Write("Benchy/benchy.stl", LibraryFixture.Stl("benchy"));
        lib.Write("Benchy/benchy_0.2mm_PLA_MK4_1h2m.gcode", LibraryFixture.GCode("benchy"));
        lib.Write("Clamp/a.stl", LibraryFixture.Stl("clamp"));
        lib.Write("Clamp/the same clamp again with a much longer name.stl", LibraryFixture.Stl("clamp"));
        lib.Write("Tools/Deep/Hook/hook.stl", LibraryFixture.Stl("hook"));
        lib.Write("loose.stl", LibraryFixture.Stl("loose"));

        var report = await lib.ScanAsync();

        Assert.True(report.Outcome == LibraryScanOutcome.Completed, report.Message);
        Assert.Equal((6, 0), (report.Added, report.Errors));
        var files = await lib.FilesAsync();
        Assert.Equal(
            ["Benchy/benchy.stl", "Benchy/benchy_0.2mm_PLA_MK4_1h2m.gcode", "Clamp/a.stl", "Clamp/the same clamp again with a much longer name.stl", "Tools/Deep/Hook/hook.stl", "loose.stl"],
            files.Select(f => f.LibraryPath));
        foreach (var file in files)
        {
            var info = new FileInfo(Path.Combine(lib.Root, file.LibraryPath!));
            Assert.Equal((Path.GetFileName(file.LibraryPath), info.Length, info.LastWriteTimeUtc.Ticks), (file.DisplayName, file.Size, file.SourceModifiedTicks));
            Assert.Equal(DateTimeKind.Utc, file.CreatedAt.Kind);
        }

        Assert.Equal(["GCode", "Stl", "Stl", "Stl", "Stl", "Stl"], files.Select(f => f.Kind).Order());
        Assert.Single(files, f => f.IsRecommended);
        await using (var context = lib.Vault.CreateContext())
        {
            // Files with the same bytes share one blob row (within a batch, and with the earlier upload); every file's revision belongs to its model.
            Assert.Equal(5, await context.Blobs.CountAsync());
            var revisions = await context.Revisions.AsNoTracking().ToDictionaryAsync(r => r.Id);
            Assert.All(files, f => Assert.Equal(f.ModelId, revisions[f.RevisionId].ModelId));
            Assert.Equal(4, await context.Models.CountAsync(m => m.LibraryVolumeId == lib.VolumeId));
        }

        var rescan = await lib.ScanAsync();
        Assert.Equal((6, 0, 0, 0, 0), (rescan.Seen, rescan.Added, rescan.Updated, rescan.Moved, rescan.Removed));

        File.Delete(Path.Combine(lib.Root, "Clamp/a.stl"));
        Assert.Equal(1, (await lib.ScanAsync()).Removed);
        var marked = (await lib.FilesAsync()).Single(f => f.LibraryPath == "Clamp/a.stl").MissingSince;
        Assert.NotNull(marked);

        // The index read back knows the file is already missing: nothing to mark twice, nothing re-added.
        var again = await lib.ScanAsync();
        Assert.Equal((5, 0, 0), (again.Seen, again.Added, again.Removed));
        Assert.Equal(marked, (await lib.FilesAsync()).Single(f => f.LibraryPath == "Clamp/a.stl").MissingSince);
    }
}
