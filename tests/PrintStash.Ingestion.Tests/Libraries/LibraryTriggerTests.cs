using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Libraries;

namespace PrintStash.Ingestion.Tests.Libraries;

/// <summary>Coordinator, watcher and schedule: every trigger ends in the one scan function, at most one scan per volume.</summary>
public sealed class LibraryTriggerTests
{
    [Fact]
    public async Task Triggers_during_a_scan_coalesce_into_one_follow_up()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("a"));
        var coordinator = lib.Vault.Get<LibraryScanCoordinator>();
        using var gate = new SemaphoreSlim(0);
        lib.Vault.Get<LibraryScanner>().BeforeHash = _ => gate.Wait(TimeSpan.FromSeconds(30));

        var first = await coordinator.RequestAsync(lib.VolumeId, LibraryScope.Root, LibraryScanTrigger.Manual, lib.Vault.Actor);
        var second = await coordinator.RequestAsync(lib.VolumeId, new LibraryScope(["a"]), LibraryScanTrigger.Watcher, AuditActor.System);
        var third = await coordinator.RequestAsync(lib.VolumeId, new LibraryScope(["b"]), LibraryScanTrigger.Watcher, AuditActor.System);

        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.True(first!.FollowUpQueued);
        lib.Vault.Get<LibraryScanner>().BeforeHash = null;
        gate.Release(10);
        await coordinator.WaitIdleAsync(lib.VolumeId, CancellationToken.None);

        await using var context = lib.Vault.CreateContext();
        var runs = await context.LibraryScanRuns.OrderBy(r => r.StartedAt).ToListAsync();
        Assert.Equal(2, runs.Count);
        Assert.Equal("a, b", runs[1].Scope);
        Assert.Single(await lib.FilesAsync());
    }

    [Fact]
    public async Task A_running_scan_can_be_cancelled_and_says_so()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        for (var i = 0; i < 50; i++)
        {
            lib.Write($"m{i}/part.stl", LibraryFixture.Stl("p" + i));
        }

        var coordinator = lib.Vault.Get<LibraryScanCoordinator>();
        using var started = new SemaphoreSlim(0);
        using var gate = new SemaphoreSlim(0);
        lib.Vault.Get<LibraryScanner>().BeforeHash = _ =>
        {
            started.Release();
            gate.Wait(TimeSpan.FromSeconds(30));
        };

        var job = await coordinator.RequestAsync(lib.VolumeId, LibraryScope.Root, LibraryScanTrigger.Manual, lib.Vault.Actor);
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(coordinator.Cancel(job!.Id));
        gate.Release(100);
        await coordinator.WaitIdleAsync(lib.VolumeId, CancellationToken.None);

        Assert.Equal(ScanJobStatus.Cancelled, job.Status);
        await using var context = lib.Vault.CreateContext();
        Assert.Equal(LibraryScanOutcome.Cancelled, (await context.LibraryScanRuns.SingleAsync()).Outcome);
        Assert.Empty(await lib.FilesAsync());
    }

    [Fact]
    public async Task Watcher_indexes_a_burst_of_new_files_through_folder_scans()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("existing/part.stl", LibraryFixture.Stl("old"));
        await lib.ScanAsync();
        var watcher = lib.Vault.Get<LibraryWatcherService>();
        await watcher.ReconcileAsync(CancellationToken.None);
        Assert.Equal(WatcherStatus.Watching, watcher.StateOf(lib.VolumeId).Status);

        for (var i = 0; i < 200; i++)
        {
            lib.Write($"burst{i % 20}/part{i}.stl", LibraryFixture.Stl("burst" + i));
        }

        lib.Write("burst0/ignored.stl.part", "temp");
        File.Delete(Path.Combine(lib.Root, "existing/part.stl"));
        await WaitUntilAsync(lib, watcher, files => files.Count(f => f.MissingSince is null) == 200);

        var files = await lib.FilesAsync();
        Assert.Equal(200, files.Count(f => f.MissingSince is null));
        Assert.NotNull(files.Single(f => f.LibraryPath == "existing/part.stl").MissingSince);
        await using var context = lib.Vault.CreateContext();
        Assert.All(await context.LibraryScanRuns.Where(r => r.Trigger == LibraryScanTrigger.Watcher).ToListAsync(), r => Assert.NotEqual("whole volume", r.Scope));
    }

    [Fact]
    public async Task Watcher_scans_only_the_root_files_for_a_file_dropped_in_the_root_and_a_deleted_top_folder_as_that_folder()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("loose.stl", LibraryFixture.Stl("loose"));
        for (var i = 0; i < 30; i++)
        {
            lib.Write($"m{i}/part.stl", LibraryFixture.Stl("m" + i));
        }

        await lib.ScanAsync();
        var watcher = lib.Vault.Get<LibraryWatcherService>();
        await watcher.ReconcileAsync(CancellationToken.None);

        lib.Write("dropped.stl", LibraryFixture.Stl("dropped"));
        await WaitUntilAsync(lib, watcher, files => files.Any(f => f.LibraryPath == "dropped.stl"));

        await using (var context = lib.Vault.CreateContext())
        {
            var run = await context.LibraryScanRuns.Where(r => r.Trigger == LibraryScanTrigger.Watcher).SingleAsync();
            Assert.Equal(("files in the root", 2, 1), (run.Scope, run.Seen, run.Added));
        }

        Directory.Delete(Path.Combine(lib.Root, "m7"), recursive: true);
        await WaitUntilAsync(lib, watcher, files => files.Single(f => f.LibraryPath == "m7/part.stl").MissingSince is not null);

        var after = await lib.FilesAsync();
        Assert.NotNull(after.Single(f => f.LibraryPath == "m7/part.stl").MissingSince);
        Assert.Equal(31, after.Count(f => f.MissingSince is null));
        await using var check = lib.Vault.CreateContext();
        Assert.All(await check.LibraryScanRuns.Where(r => r.Trigger == LibraryScanTrigger.Watcher).ToListAsync(), r => Assert.NotEqual("whole volume", r.Scope));
    }

    [Fact]
    public async Task Watcher_is_off_for_never_and_disabled_volumes_and_reconciles_on_change()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        var watcher = lib.Vault.Get<LibraryWatcherService>();
        var service = lib.Vault.Get<LibraryVolumeService>();
        await watcher.ReconcileAsync(CancellationToken.None);
        Assert.Equal(WatcherStatus.Watching, watcher.StateOf(lib.VolumeId).Status);

        await service.UpdateAsync(lib.VolumeId, new LibraryVolumeInput("NAS", lib.Root, WatchMode: LibraryWatchMode.Never, Schedule: null), lib.Vault.Actor, CancellationToken.None);
        await watcher.ReconcileAsync(CancellationToken.None);
        Assert.Equal(WatcherStatus.Off, watcher.StateOf(lib.VolumeId).Status);

        await service.DeleteAsync(lib.VolumeId, lib.Vault.Actor, CancellationToken.None);
        await watcher.ReconcileAsync(CancellationToken.None);
        Assert.Equal("not started yet", watcher.StateOf(lib.VolumeId).Detail);
    }

    [Fact]
    public async Task A_watcher_whose_root_is_gone_fails_alone_and_the_schedule_takes_over()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        Directory.Delete(lib.Root);
        var watcher = lib.Vault.Get<LibraryWatcherService>();

        await watcher.ReconcileAsync(CancellationToken.None);

        var state = watcher.StateOf(lib.VolumeId);
        Assert.Equal(WatcherStatus.Failed, state.Status);
        Assert.Contains("schedule", state.Detail);
        Directory.CreateDirectory(lib.Root);
    }

    [Fact]
    public async Task Schedule_starts_a_scan_when_the_cron_comes_due()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("a"));
        await lib.Vault.Get<LibraryVolumeService>().UpdateAsync(lib.VolumeId, new LibraryVolumeInput("NAS", lib.Root, Schedule: "hourly"), lib.Vault.Actor, CancellationToken.None);
        var schedule = lib.Vault.Get<LibraryScheduleWorker>();

        await schedule.TickAsync(CancellationToken.None);
        var next = schedule.NextRun(lib.VolumeId);
        Assert.NotNull(next);
        Assert.Empty(await lib.FilesAsync());

        lib.Vault.Time.Advance(next!.Value - lib.Vault.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        await schedule.TickAsync(CancellationToken.None);
        await lib.Vault.Get<LibraryScanCoordinator>().WaitIdleAsync(lib.VolumeId, CancellationToken.None);

        Assert.Single(await lib.FilesAsync());
        Assert.True(schedule.NextRun(lib.VolumeId) > next);
        await using var context = lib.Vault.CreateContext();
        Assert.Equal(LibraryScanTrigger.Schedule, (await context.LibraryScanRuns.SingleAsync()).Trigger);
    }

    private static async Task WaitUntilAsync(LibraryFixture lib, LibraryWatcherService watcher, Func<List<VaultFile>, bool> done)
    {
        var coordinator = lib.Vault.Get<LibraryScanCoordinator>();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            await Task.Delay(50);
            lib.Vault.Time.Advance(TimeSpan.FromSeconds(3));
            await watcher.FlushAsync();
            await coordinator.WaitIdleAsync(lib.VolumeId, CancellationToken.None);
            if (done(await lib.FilesAsync()))
            {
                return;
            }
        }
    }
}
