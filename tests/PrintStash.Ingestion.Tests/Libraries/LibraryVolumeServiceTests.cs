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
