using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Tests.TestSupport;

namespace PrintStash.Ingestion.Tests.Pipeline;

/// <summary>Sidecars are written after the commit from a mark committed with the rows.</summary>
public sealed class SidecarOutboxTests
{
    private static byte[] GCode(string marker) => Encoding.ASCII.GetBytes($"; {marker}\nG28\n");

    [Fact]
    public async Task Ingest_commits_a_sidecar_mark_and_the_flush_writes_the_sidecar_and_clears_it()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var result = await vault.PersistAsync(GCode("a"), "part.gcode");
        var sidecarPath = Path.Combine(vault.Paths.ModelFolder(result.ModelId!.Value), "printstash.json");
        await using (var context = vault.CreateContext())
        {
            Assert.Equal(result.ModelId, (await context.PendingSidecars.SingleAsync()).ModelId);
        }

        Assert.False(File.Exists(sidecarPath));

        var written = await vault.WriteSidecarsAsync();

        Assert.Equal(1, written);
        Assert.Contains(result.BlobHash!, await File.ReadAllTextAsync(sidecarPath), StringComparison.Ordinal);
        await using var after = vault.CreateContext();
        Assert.Equal(0, await after.PendingSidecars.CountAsync());
        Assert.Equal(0, await vault.WriteSidecarsAsync());
    }

    [Fact]
    public async Task Many_files_added_to_one_model_write_its_sidecar_once_with_all_of_them()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var first = await vault.PersistAsync(GCode("0"), "part_0.gcode");
        var target = new IngestTarget.ExistingModel(first.ModelId!.Value);
        var hashes = new List<string> { first.BlobHash! };
        for (var i = 1; i < 5; i++)
        {
            hashes.Add((await vault.PersistAsync(GCode(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), $"part_{i}.gcode", target)).BlobHash!);
        }

        var written = await vault.WriteSidecarsAsync();

        Assert.Equal(1, written);
        var sidecar = await File.ReadAllTextAsync(Path.Combine(vault.Paths.ModelFolder(first.ModelId.Value), "printstash.json"));
        Assert.All(hashes, hash => Assert.Contains(hash, sidecar, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Marks_a_crash_left_behind_are_written_when_the_worker_starts()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var result = await vault.PersistAsync(GCode("crash"), "after_crash.gcode");
        var sidecarPath = Path.Combine(vault.Paths.ModelFolder(result.ModelId!.Value), "printstash.json");
        var worker = vault.Services.GetServices<IHostedService>().OfType<SidecarWriterWorker>().Single();

        await worker.StartAsync(CancellationToken.None);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!File.Exists(sidecarPath) || await CountMarksAsync(vault) > 0)
            {
                await Task.Delay(20, timeout.Token);
            }
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Contains(result.BlobHash!, await File.ReadAllTextAsync(sidecarPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_added_and_its_audit_event_are_one_commit()
    {
        await using var vault = await VaultHarness.CreateAsync();

        var result = await vault.PersistAsync(GCode("audited"), "audited.gcode");

        await using var context = vault.CreateContext();
        var audit = await context.AuditEvents.SingleAsync(e => e.Action == "file.added");
        Assert.Equal(result.FileId.ToString(), audit.TargetId);
        Assert.Equal(vault.UserId, audit.ActorId);
        Assert.Contains(result.BlobHash!, audit.DetailsJson, StringComparison.Ordinal);
    }

    private static async Task<int> CountMarksAsync(VaultHarness vault)
    {
        await using var context = vault.CreateContext();
        return await context.PendingSidecars.CountAsync();
    }
}
