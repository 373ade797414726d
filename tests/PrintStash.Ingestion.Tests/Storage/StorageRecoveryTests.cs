using System.Text;
using Microsoft.EntityFrameworkCore;
using PrintStash.Ingestion.Storage;
using PrintStash.Ingestion.Tests.TestSupport;

namespace PrintStash.Ingestion.Tests.Storage;

public sealed class StorageRecoveryTests
{
    private static readonly byte[] Content = Encoding.ASCII.GetBytes("solid x\nendsolid x\n");

    [Fact]
    public async Task Recovery_after_normal_operation_reports_nothing()
    {
        await using var vault = await VaultHarness.CreateAsync();
        await vault.PersistAsync(Content, "a.stl");
        await vault.ProcessPendingAsync();

        var report = await vault.Get<StorageRecovery>().RecoverAtStartupAsync(CancellationToken.None);

        Assert.Equal(0, report.TempFilesRemoved);
        Assert.Empty(report.BlobsWithoutRows);
        Assert.Empty(report.RowsWithoutBlobs);
    }

    [Fact]
    public async Task Recovery_removes_temp_files_left_by_a_crash()
    {
        await using var vault = await VaultHarness.CreateAsync();
        await File.WriteAllTextAsync(vault.Paths.NewTempPath(), "half an upload");
        await File.WriteAllTextAsync(vault.Paths.NewTempPath(), "another");

        var report = await vault.Get<StorageRecovery>().RecoverAtStartupAsync(CancellationToken.None);

        Assert.Equal(2, report.TempFilesRemoved);
        Assert.Empty(vault.TempFiles());
    }

    [Fact]
    public async Task Check_while_running_leaves_uploads_in_flight_alone()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var inFlight = vault.Paths.NewTempPath();
        await File.WriteAllTextAsync(inFlight, "an upload still arriving");

        var report = await vault.Get<StorageRecovery>().CheckAsync(CancellationToken.None);

        Assert.Equal(0, report.TempFilesRemoved);
        Assert.True(File.Exists(inFlight));
    }

    [Fact]
    public async Task Recovery_reports_blobs_without_rows_and_rows_without_blobs_without_deleting_anything()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var kept = await vault.PersistAsync(Content, "a.stl");
        var lost = await vault.PersistAsync(Encoding.ASCII.GetBytes("solid y\nendsolid y\n"), "b.stl");
        var blobs = vault.Get<BlobStore>();
        File.Delete(blobs.PathOf(lost.BlobHash!));
        var stray = await blobs.PutAsync(Encoding.ASCII.GetBytes("nobody knows me"), CancellationToken.None);

        var report = await vault.Get<StorageRecovery>().RecoverAtStartupAsync(CancellationToken.None);

        Assert.Equal([stray], report.BlobsWithoutRows);
        Assert.Equal([lost.BlobHash!], report.RowsWithoutBlobs);
        Assert.True(blobs.Exists(stray));
        Assert.True(blobs.Exists(kept.BlobHash!));
        await using var context = vault.CreateContext();
        Assert.Equal(2, await context.Files.CountAsync());
    }

    [Fact]
    public void Blob_path_refuses_anything_but_a_hash()
    {
        var paths = new StoragePaths(Microsoft.Extensions.Options.Options.Create(new Domain.Settings.PrintStashOptions { DataDir = "/tmp/x" }));

        Assert.Throws<ArgumentException>(() => paths.BlobPath("../../etc/passwd"));
        Assert.Throws<ArgumentException>(() => paths.BlobPath(new string('A', 64)));
        Assert.StartsWith("/tmp/x/storage/blobs/ab/cd/", paths.BlobPath("abcd" + new string('0', 60)), StringComparison.Ordinal);
    }
}
