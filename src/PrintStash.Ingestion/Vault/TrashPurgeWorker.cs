using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PrintStash.Ingestion.Vault;

/// <summary>Empties expired trash shortly after start and then every six hours.</summary>
public sealed class TrashPurgeWorker(TrashPurger purger, PrintStash.Domain.Persistence.DatabaseReadiness readiness, TimeProvider time, ILogger<TrashPurgeWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await purger.PurgeExpiredAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Trash purge failed; it runs again in {Interval}.", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
