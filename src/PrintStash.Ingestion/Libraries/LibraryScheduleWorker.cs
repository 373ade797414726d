using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Libraries;

/// <summary>
/// Starts each enabled volume's scheduled scan when its Quartz cron comes due. Schedules are re-read on every volume
/// change and at least every minute; a missed time (server asleep) runs once, not once per missed slot.
/// </summary>
public sealed class LibraryScheduleWorker(
    LibraryVolumeService volumes,
    LibraryScanCoordinator coordinator,
    LibraryChangeSignal signal,
    DatabaseReadiness readiness,
    TimeProvider time,
    ILogger<LibraryScheduleWorker> logger) : BackgroundService
{
    public static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

    private readonly Dictionary<Guid, (string Cron, DateTimeOffset Next)> due = [];

    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Local;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = MaxSleep;
            try
            {
                sleep = await TickAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Library schedule check failed; retrying in a minute");
            }

            await signal.WaitAsync(sleep, time, stoppingToken);
        }
    }

    /// <summary>Starts what is due and returns how long to sleep until the next due time (at most a minute).</summary>
    public async Task<TimeSpan> TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var list = await volumes.ListAsync(cancellationToken);
        var active = list.Where(v => v.Enabled && v.CronSchedule is not null).ToList();
        foreach (var gone in due.Keys.Except(active.Select(v => v.Id)).ToList())
        {
            due.Remove(gone);
        }

        var sleep = MaxSleep;
        foreach (var volume in active)
        {
            if (!due.TryGetValue(volume.Id, out var entry) || entry.Cron != volume.CronSchedule)
            {
                if (LibrarySchedule.NextRun(volume.CronSchedule, now, Zone) is not { } first)
                {
                    continue;
                }

                entry = (volume.CronSchedule!, first);
            }

            if (entry.Next <= now)
            {
                logger.LogInformation("Scheduled scan of library {Volume}", volume.Name);
                await coordinator.RequestAsync(volume.Id, LibraryScope.Root, LibraryScanTrigger.Schedule, AuditActor.System);
                if (LibrarySchedule.NextRun(volume.CronSchedule, now, Zone) is not { } next)
                {
                    due.Remove(volume.Id);
                    continue;
                }

                entry = (entry.Cron, next);
            }

            due[volume.Id] = entry;
            var until = entry.Next - now;
            if (until < sleep)
            {
                sleep = until < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : until;
            }
        }

        return sleep;
    }

    public DateTimeOffset? NextRun(Guid volumeId) => due.TryGetValue(volumeId, out var entry) ? entry.Next : null;
}
