using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Persistence;

namespace PrintStash.Printers.Supervision;

/// <summary>
/// Starts supervision once the database is migrated, reconciles the supervisors whenever the catalog signals a
/// change and on a periodic tick (the safety net), and stops every supervisor on shutdown.
/// </summary>
public sealed class PrinterSupervisionService(
    PrinterSupervisors supervisors,
    ReconcileSignal signal,
    DatabaseReadiness readiness,
    IOptions<PrintersOptions> options,
    TimeProvider time,
    ILogger<PrinterSupervisionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await supervisors.ReconcileAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Reconciling printer connections failed; retrying at the next tick");
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(Task.Delay(options.Value.ReconcileInterval, time, wait.Token), signal.WaitAsync(wait.Token));
            await wait.CancelAsync();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await supervisors.DisposeAsync();
    }
}
