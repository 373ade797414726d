using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Processing;

/// <summary>
/// Runs thumbnail and metadata extraction in the background with bounded concurrency. At start it re-queues files
/// that were still pending when the process last stopped.
/// </summary>
public sealed class FileProcessingWorker(
    FileProcessingQueue queue,
    IServiceProvider services,
    IDbContextFactory<PrintStashDbContext> contextFactory,
    DatabaseReadiness readiness,
    ILogger<FileProcessingWorker> logger) : BackgroundService
{
    public static int Concurrency => Math.Clamp(Environment.ProcessorCount, 1, 4);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        await RequeuePendingAsync(stoppingToken);
        await Parallel.ForEachAsync(
            queue.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = stoppingToken },
            async (fileId, cancellationToken) =>
            {
                try
                {
                    await services.GetRequiredService<FileProcessor>().ProcessAsync(fileId, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Processing of file {File} crashed", fileId);
                }
            });
    }

    private async Task RequeuePendingAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var pending = await context.Files
            .Where(f => f.MetadataState == ProcessingState.Pending || f.ThumbnailState == ProcessingState.Pending)
            .Select(f => f.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in pending)
        {
            queue.Enqueue(id);
        }

        if (pending.Count > 0)
        {
            logger.LogInformation("Re-queued {Count} file(s) whose processing had not finished.", pending.Count);
        }
    }
}
