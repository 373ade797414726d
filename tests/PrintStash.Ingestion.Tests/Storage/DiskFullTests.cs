using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Tests.TestSupport;

namespace PrintStash.Ingestion.Tests.Storage;

/// <summary>A real full disk: storage lives on a 1 MiB tmpfs (the test runs as root, as CI does).</summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task Upload_on_a_full_disk_is_rejected_in_words_and_leaves_no_partial_file()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var storage = vault.Paths.Root;
        Directory.CreateDirectory(storage);
        Run("mount", $"-t tmpfs -o size=1m tmpfs {storage}");
        try
        {
            vault.Paths.EnsureExists();

            var result = await vault.PersistAsync(new byte[3 * 1024 * 1024], "too-big-for-disk.stl");
            var after = await vault.PersistAsync(System.Text.Encoding.ASCII.GetBytes("solid s\nendsolid s\n"), "small.stl");

            Assert.Equal(IngestOutcome.Rejected, result.Outcome);
            Assert.Contains("disk is full", result.Message, StringComparison.Ordinal);
            Assert.Empty(vault.TempFiles());
            Assert.Equal(IngestOutcome.Added, after.Outcome);
            await using var context = vault.CreateContext();
            Assert.Equal(1, await context.Files.CountAsync());
        }
        finally
        {
            Run("umount", storage);
        }
    }

    private static void Run(string command, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {arguments} failed ({process.StandardError.ReadToEnd().Trim()}); this test needs root, as ./scripts/test.sh and CI run it.");
    }
}
