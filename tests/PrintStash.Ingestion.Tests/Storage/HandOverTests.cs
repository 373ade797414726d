using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Storage;
using PrintStash.Ingestion.Tests.TestSupport;

namespace PrintStash.Ingestion.Tests.Storage;

/// <summary>A file handed over on the storage filesystem is renamed into storage, not copied.</summary>
public sealed class HandOverTests
{
    [Fact]
    public async Task Handed_over_file_on_the_storage_filesystem_becomes_the_blob_without_a_copy()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var source = Path.Combine(vault.DataDir, "incoming.stl");
        var content = System.Text.Encoding.ASCII.GetBytes("solid h\nendsolid h\n");
        await File.WriteAllBytesAsync(source, content);
        var inode = Inode(source);

        var result = await PersistHandedOverAsync(vault, source, "incoming.stl");

        Assert.Equal(IngestOutcome.Added, result.Outcome);
        Assert.False(File.Exists(source));
        var blob = vault.Get<BlobStore>().PathOf(result.BlobHash!);
        Assert.Equal(inode, Inode(blob));
        Assert.Equal(content, await File.ReadAllBytesAsync(blob));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), result.BlobHash);
        Assert.Empty(vault.TempFiles());
    }

    [Fact]
    public async Task Handed_over_duplicate_is_reported_and_its_file_dropped_while_the_first_copy_stays()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var content = System.Text.Encoding.ASCII.GetBytes("; same\nG28\n");
        var first = Path.Combine(vault.DataDir, "a.gcode");
        var second = Path.Combine(vault.DataDir, "b.gcode");
        await File.WriteAllBytesAsync(first, content);
        await File.WriteAllBytesAsync(second, content);
        var added = await PersistHandedOverAsync(vault, first, "a.gcode");

        var duplicate = await PersistHandedOverAsync(vault, second, "b.gcode", new IngestTarget.ExistingModel(added.ModelId!.Value));

        Assert.Equal(IngestOutcome.Duplicate, duplicate.Outcome);
        Assert.False(File.Exists(second));
        Assert.Equal(content, await File.ReadAllBytesAsync(vault.Get<BlobStore>().PathOf(added.BlobHash!)));
        Assert.Empty(vault.TempFiles());
        await using var context = vault.CreateContext();
        Assert.Equal(1, await context.Files.CountAsync());
    }

    [Fact]
    public async Task Handed_over_file_on_another_filesystem_is_streamed_and_left_in_place()
    {
        const string tmpfs = "/dev/shm";
        Assert.True(Directory.Exists(tmpfs), "this test needs /dev/shm (a tmpfs, another filesystem than the temp dir)");
        await using var vault = await VaultHarness.CreateAsync();
        var source = Path.Combine(tmpfs, "printstash-handover-" + Guid.NewGuid().ToString("N") + ".stl");
        var content = System.Text.Encoding.ASCII.GetBytes("solid o\nendsolid o\n");
        await File.WriteAllBytesAsync(source, content);
        try
        {
            var result = await PersistHandedOverAsync(vault, source, "other_fs.stl");

            Assert.Equal(IngestOutcome.Added, result.Outcome);
            Assert.True(File.Exists(source));
            Assert.NotEqual(Inode(source), Inode(vault.Get<BlobStore>().PathOf(result.BlobHash!)));
            Assert.Equal(content, await File.ReadAllBytesAsync(vault.Get<BlobStore>().PathOf(result.BlobHash!)));
        }
        finally
        {
            File.Delete(source);
        }
    }

    private static async Task<IngestResult> PersistHandedOverAsync(VaultHarness vault, string path, string name, IngestTarget? target = null)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return await vault.Get<IngestionPipeline>().PersistAsync(
            new IngestRequest(stream, name, target ?? new IngestTarget.NewModel(), vault.Actor, IngestOrigin.Api) { HandOverPath = path },
            CancellationToken.None);
    }

    private static string Inode(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("stat", ["-c", "%d:%i", path]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
