using PrintStash.Domain.Settings;
using PrintStash.Ingestion.Libraries;
using Microsoft.Extensions.Options;

namespace PrintStash.Ingestion.Tests.Libraries;

public sealed class LibraryVolumeServiceTests
{
    [Fact]
    public async Task Create_rejects_a_root_inside_another_volume_and_one_containing_it()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        Directory.CreateDirectory(Path.Combine(lib.Root, "sub"));
        var service = lib.Vault.Get<LibraryVolumeService>();

        var inside = await service.CreateAsync(new LibraryVolumeInput("Inner", Path.Combine(lib.Root, "sub")), lib.Vault.Actor, CancellationToken.None);
        var containing = await service.CreateAsync(new LibraryVolumeInput("Outer", Path.GetDirectoryName(lib.Root)!), lib.Vault.Actor, CancellationToken.None);
        var same = await service.CreateAsync(new LibraryVolumeInput("Same", lib.Root + "/"), lib.Vault.Actor, CancellationToken.None);

        Assert.Contains("inside the library 'NAS'", inside.Problems["rootPath"]);
        Assert.Contains("contains the library 'NAS'", containing.Problems["rootPath"]);
        Assert.Contains("already indexes", same.Problems["rootPath"]);
        Assert.Single(await service.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Create_rejects_the_data_directory_anything_inside_it_and_anything_containing_it()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        var service = lib.Vault.Get<LibraryVolumeService>();
        var dataDir = lib.Vault.Get<IOptions<PrintStashOptions>>().Value.DataDirFullPath;

        var equal = await service.CreateAsync(new LibraryVolumeInput("Data", dataDir), lib.Vault.Actor, CancellationToken.None);
        var inside = await service.CreateAsync(new LibraryVolumeInput("Blobs", lib.Vault.Paths.BlobsRoot), lib.Vault.Actor, CancellationToken.None);
        var containing = await service.CreateAsync(new LibraryVolumeInput("Tmp", Path.GetDirectoryName(dataDir)!), lib.Vault.Actor, CancellationToken.None);

        Assert.Contains("own data directory", equal.Problems["rootPath"]);
        Assert.Contains("inside PrintStash's data directory", inside.Problems["rootPath"]);
        Assert.Contains("contains PrintStash's data directory", containing.Problems["rootPath"]);
    }

    [Fact]
    public async Task CheckFolder_counts_printable_files_and_folders_and_names_the_filesystem()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("printstash-check-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a.stl"), "solid a\nendsolid a\n");
            Directory.CreateDirectory(Path.Combine(folder.FullName, "sub"));
            File.WriteAllText(Path.Combine(folder.FullName, "sub", "b.gcode"), "G28\n");
            File.WriteAllText(Path.Combine(folder.FullName, "sub", "c.gcode.part"), "G28\n");
            File.WriteAllText(Path.Combine(folder.FullName, "notes.txt"), "not printable");

            var check = await lib.Vault.Get<LibraryVolumeService>().CheckFolderAsync(folder.FullName, null, CancellationToken.None);

            Assert.Equal(FolderCheckStatus.Ok, check.Status);
            Assert.Contains("Found 2 printable files in 2 folders.", check.Message);
            Assert.Contains("Filesystem", check.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CheckFolder_warns_about_a_folder_without_printable_files_and_refuses_a_missing_one()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        var service = lib.Vault.Get<LibraryVolumeService>();
        var folder = Directory.CreateTempSubdirectory("printstash-check-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "readme.md"), "nothing to print");

            var empty = await service.CheckFolderAsync(folder.FullName, null, CancellationToken.None);
            var missing = await service.CheckFolderAsync(folder.FullName + "-gone", null, CancellationToken.None);
            var relative = await service.CheckFolderAsync("models", null, CancellationToken.None);

            Assert.Equal(FolderCheckStatus.Warning, empty.Status);
            Assert.Contains("no printable files", empty.Message);
            Assert.Equal(FolderCheckStatus.Problem, missing.Status);
            Assert.Contains("does not exist", missing.Message);
            Assert.Equal(FolderCheckStatus.Problem, relative.Status);
            Assert.Contains("not an absolute path", relative.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CheckFolder_applies_the_overlap_rules_except_to_the_library_being_edited()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        var service = lib.Vault.Get<LibraryVolumeService>();
        var dataDir = lib.Vault.Get<IOptions<PrintStashOptions>>().Value.DataDirFullPath;

        var asNew = await service.CheckFolderAsync(lib.Root, null, CancellationToken.None);
        var asItself = await service.CheckFolderAsync(lib.Root, lib.VolumeId, CancellationToken.None);
        var data = await service.CheckFolderAsync(dataDir, null, CancellationToken.None);

        Assert.Equal(FolderCheckStatus.Problem, asNew.Status);
        Assert.Contains("already indexes", asNew.Message);
        Assert.NotEqual(FolderCheckStatus.Problem, asItself.Status);
        Assert.Equal(FolderCheckStatus.Problem, data.Status);
        Assert.Contains("own data directory", data.Message);
    }

    [Fact]
    public async Task Create_reports_every_bad_field_at_once_in_words()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        var service = lib.Vault.Get<LibraryVolumeService>();

        var result = await service.CreateAsync(
            new LibraryVolumeInput("NAS", "relative/path", Schedule: "every full moon", MissingGraceHours: -1, MaxVanishPercent: 150, MarkerFile: "../escape"),
            lib.Vault.Actor, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(["markerFile", "maxVanishPercent", "missingGraceHours", "name", "rootPath", "schedule"], result.Problems.Keys.Order());
        Assert.Contains("not an absolute path", result.Problems["rootPath"]);
        Assert.Contains("not a valid cron schedule", result.Problems["schedule"]);
    }

    [Fact]
    public async Task Create_accepts_presets_and_custom_cron()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        var other = Path.Combine(Path.GetDirectoryName(lib.Root)!, "second");
        Directory.CreateDirectory(other);
        var service = lib.Vault.Get<LibraryVolumeService>();

        var created = await service.CreateAsync(new LibraryVolumeInput("Second", other, Schedule: "weekly"), lib.Vault.Actor, CancellationToken.None);
        var updated = await service.UpdateAsync(created.Id!.Value, new LibraryVolumeInput("Second", other, Schedule: "0 15 2 * * ?"), lib.Vault.Actor, CancellationToken.None);

        Assert.True(created.Succeeded && updated.Succeeded);
        Assert.Equal("0 15 2 * * ?", (await service.GetAsync(created.Id.Value, CancellationToken.None))!.CronSchedule);
        var next = LibrarySchedule.NextRun("0 15 2 * * ?", new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 15, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public async Task Delete_trashes_the_volume_rows_and_leaves_the_files_on_disk()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("a"));
        await lib.ScanAsync();
        var before = lib.Fingerprint();

        var result = await lib.Vault.Get<LibraryVolumeService>().DeleteAsync(lib.VolumeId, lib.Vault.Actor, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.All(await lib.FilesAsync(), f => Assert.NotNull(f.DeletedAt));
        Assert.Equal(before, lib.Fingerprint());
    }
}
