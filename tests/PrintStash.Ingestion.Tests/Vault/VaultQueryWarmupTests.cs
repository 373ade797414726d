using System.Text;
using Microsoft.EntityFrameworkCore;
using PrintStash.Ingestion.Tests.TestSupport;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Ingestion.Tests.Vault;

public sealed class VaultQueryWarmupTests
{
    [Fact]
    public async Task Warmup_after_migrations_completes_and_changes_nothing()
    {
        await using var vault = await VaultHarness.CreateAsync();
        await vault.PersistAsync(Encoding.ASCII.GetBytes("; warm\nG28\n"), "part.gcode");
        var before = await CountsAsync(vault);
        var warmup = vault.Get<VaultQueryWarmup>();

        await warmup.StartAsync(CancellationToken.None);
        await warmup.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        await warmup.StopAsync(CancellationToken.None);

        Assert.Equal(before, await CountsAsync(vault));
    }

    [Fact]
    public async Task Warmup_on_a_broken_database_ends_without_failing_the_host()
    {
        await using var vault = await VaultHarness.CreateAsync();
        await vault.PersistAsync(Encoding.ASCII.GetBytes("; warm\nG28\n"), "part.gcode");
        await using (var context = vault.CreateContext())
        {
            await context.Database.ExecuteSqlRawAsync("DROP TABLE model_tags");
        }

        var warmup = vault.Get<VaultQueryWarmup>();

        await warmup.StartAsync(CancellationToken.None);
        await warmup.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        await warmup.StopAsync(CancellationToken.None);

        Assert.True(warmup.ExecuteTask!.IsCompletedSuccessfully);
    }

    private static async Task<(int Models, int Files, int Audit)> CountsAsync(VaultHarness vault)
    {
        await using var context = vault.CreateContext();
        return (await context.Models.CountAsync(), await context.Files.CountAsync(), await context.AuditEvents.CountAsync());
    }
}
