using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Pipeline;

/// <summary>
/// Writes marked sidecars in the background: once at start (marks a crash left behind), then after each burst of
/// ingests, waiting <see cref="Debounce"/> so that a model receiving many files is written once.
/// </summary>
public sealed class SidecarWriterWorker(SidecarOutbox outbox, DatabaseReadiness readiness, TimeProvider time, ILogger<SidecarWriterWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var written = await outbox.FlushAsync(stoppingToken);
                logger.LogDebug("Wrote {Count} sidecar(s).", written);
                await outbox.WaitForSignalAsync(stoppingToken);
                await Task.Delay(Debounce, time, stoppingToken);
                outbox.ClearSignal();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sidecar writing failed; retrying after a pause.");
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
        }
    }
}
