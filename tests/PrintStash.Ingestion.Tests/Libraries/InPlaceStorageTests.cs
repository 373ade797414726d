using Microsoft.EntityFrameworkCore;
using PrintStash.Ingestion.Libraries;
using PrintStash.Ingestion.Storage;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Ingestion.Tests.Libraries;

/// <summary>Trash purge, storage recovery and processing must neither delete nor expect stored bytes for in-place files.</summary>
public sealed class InPlaceStorageTests
{
    [Fact]
    public async Task Purging_trashed_library_files_deletes_rows_only_and_never_the_files_in_the_volume()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("a"));
        lib.Write("a/other.stl", LibraryFixture.Stl("b"));
        await lib.ScanAsync();
        var before = lib.Fingerprint();
        await lib.Vault.Get<LibraryVolumeService>().DeleteAsync(lib.VolumeId, lib.Vault.Actor, CancellationToken.None);
        lib.Vault.Time.Advance(TimeSpan.FromDays(400));

        var report = await lib.Vault.Get<TrashPurger>().PurgeExpiredAsync(CancellationToken.None);

        Assert.Equal(2, report.FilesPurged);
        Assert.Equal(before, lib.Fingerprint());
        await using var context = lib.Vault.CreateContext();
        Assert.Empty(await context.Blobs.ToListAsync());
    }

    [Fact]
    public async Task Storage_check_does_not_report_in_place_content_as_missing_bytes()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("a"));
        await lib.ScanAsync();

        var report = await lib.Vault.Get<StorageRecovery>().CheckAsync(CancellationToken.None);

        Assert.Empty(report.RowsWithoutBlobs);
        Assert.Empty(report.BlobsWithoutRows);
    }

    [Fact]
    public async Task Processing_reads_the_file_in_place_and_writes_only_thumbnails_to_the_store()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("a"));
        await lib.ScanAsync();
        var before = lib.Fingerprint();

        await lib.Vault.ProcessPendingAsync();

        var file = Assert.Single(await lib.FilesAsync());
        Assert.Equal(Domain.Entities.ProcessingState.Done, file.MetadataState);
        Assert.Null(file.ProcessingError);
        Assert.NotNull(file.ThumbnailHash);
        Assert.True(lib.Vault.Get<BlobStore>().Exists(file.ThumbnailHash!));
        Assert.False(lib.Vault.Get<BlobStore>().Exists(file.BlobHash));
        Assert.Equal(before, lib.Fingerprint());
    }

    [Fact]
    public async Task Uploading_a_copy_of_a_library_file_stores_its_bytes_and_purging_it_keeps_the_library_row()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        var content = LibraryFixture.Stl("shared");
        lib.Write("a/part.stl", content);
        await lib.ScanAsync();

        var upload = await lib.Vault.PersistAsync(System.Text.Encoding.ASCII.GetBytes(content), "part.stl");

        Assert.Equal(PrintStash.Ingestion.Pipeline.IngestOutcome.Added, upload.Outcome);
        Assert.True(lib.Vault.Get<BlobStore>().Exists(upload.BlobHash!));
        Assert.Single(await lib.FilesAsync());
    }

    [Fact]
    public void In_place_paths_never_leave_the_root()
    {
        Assert.Null(FileContentLocator.InPlacePath("/srv/nas", "../etc/passwd"));
        Assert.Null(FileContentLocator.InPlacePath("/srv/nas", "/etc/passwd"));
        Assert.Null(FileContentLocator.InPlacePath("/srv/nas", "a//b.stl"));
        Assert.Equal("/srv/nas/a/b.stl", FileContentLocator.InPlacePath("/srv/nas", "a/b.stl"));
    }
}
