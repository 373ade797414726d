using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Vault;

/// <summary>
/// Runs the library grid's first-page and next-page queries once after migrations, so EF Core translates them (and the
/// JIT compiles their path) at start rather than on the first visitor's request: 350 ms cold against 7 ms warm on a
/// 100k-file vault (docs/benchmarks.md, library). Reads only; a failure is logged and changes nothing.
/// </summary>
public sealed class VaultQueryWarmup(VaultQueries queries, DatabaseReadiness readiness, TimeProvider time, ILogger<VaultQueryWarmup> logger) : BackgroundService
{
    /// <summary>Completes when the warm-up has run (or failed); lets a host or a benchmark wait for it.</summary>
    public Task Completion => completed.Task;

    private readonly TaskCompletionSource completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WaitAsync(stoppingToken);
            await WarmAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Warming the library queries failed; the first library page will take longer.");
        }
        finally
        {
            completed.TrySetResult();
        }
    }

    /// <summary>The default grid (first page, then a page after a cursor), live and trashed.</summary>
    public async Task WarmAsync(CancellationToken cancellationToken)
    {
        var cursor = KeysetCursor.Encode(time.GetUtcNow().UtcDateTime, Guid.Empty);
        foreach (var trashed in new[] { false, true })
        {
            await queries.ListModelsAsync(new ModelFilter(Trashed: trashed, Take: 1), cancellationToken);
            await queries.ListModelsAsync(new ModelFilter(Trashed: trashed, Cursor: cursor, Take: 1), cancellationToken);
        }
    }
}
