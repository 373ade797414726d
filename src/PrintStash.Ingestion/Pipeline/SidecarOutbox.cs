using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Pipeline;

/// <summary>
/// Sidecars (printstash.json) written after the commit instead of inside every ingest. The pipeline marks the model
/// in the same transaction as its rows (<see cref="Mark"/>); <see cref="FlushAsync"/> — run by
/// <see cref="SidecarWriterWorker"/> after a short delay, and at start for marks a crash left behind — rewrites every
/// marked model's sidecar once, however many files arrived, and then clears the marks it has written.
/// The database stays the source of truth; the sidecar is a rebuild aid that is at most a few hundred ms behind.
/// </summary>
public sealed class SidecarOutbox(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    ModelSidecarWriter writer,
    VaultWriteLock writeLock,
    TimeProvider time,
    ILogger<SidecarOutbox> logger)
{
    private const int BatchSize = 256;
    private readonly Channel<bool> signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim flushing = new(1, 1);

    /// <summary>
    /// Marks <paramref name="model"/>'s sidecar as behind, in <paramref name="context"/>'s unit of work. Call under
    /// <see cref="VaultWriteLock"/> (the flush clears marks under it, so a mark is never updated after being deleted).
    /// </summary>
    public async Task MarkAsync(PrintStashDbContext context, Model model, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var existing = context.Entry(model).State == EntityState.Added
            ? null
            : await context.PendingSidecars.FirstOrDefaultAsync(p => p.ModelId == model.Id, cancellationToken);
        if (existing is null)
        {
            context.PendingSidecars.Add(new PendingSidecar { ModelId = model.Id, Ticket = Guid.NewGuid(), MarkedAt = now });
        }
        else
        {
            existing.Ticket = Guid.NewGuid();
            existing.MarkedAt = now;
        }
    }

    /// <summary>Tells the background writer that marks were committed.</summary>
    public void Signal() => signal.Writer.TryWrite(true);

    internal ValueTask<bool> WaitForSignalAsync(CancellationToken cancellationToken) => signal.Reader.WaitToReadAsync(cancellationToken);

    internal void ClearSignal() => signal.Reader.TryRead(out _);

    /// <summary>Writes the sidecar of every marked model now; returns how many were written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        await flushing.WaitAsync(cancellationToken);
        try
        {
            var written = 0;
            while (true)
            {
                List<PendingSidecar> batch;
                await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
                {
                    batch = await context.PendingSidecars.AsNoTracking().OrderBy(p => p.MarkedAt).Take(BatchSize).ToListAsync(cancellationToken);
                }

                if (batch.Count == 0)
                {
                    return written;
                }

                foreach (var pending in batch)
                {
                    try
                    {
                        await writer.WriteAsync(pending.ModelId, cancellationToken);
                        written++;
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // The mark stays; the next flush (or the next start) tries again.
                        logger.LogError(ex, "Could not write the sidecar of model {Model}", pending.ModelId);
                        return written;
                    }
                }

                await ClearAsync(batch, cancellationToken);
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    private async Task ClearAsync(List<PendingSidecar> written, CancellationToken cancellationToken)
    {
        using var _ = await writeLock.AcquireAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        foreach (var mark in written)
        {
            // A mark re-stamped since it was read describes a change the sidecar may not contain: keep it.
            await context.PendingSidecars.Where(p => p.ModelId == mark.ModelId && p.Ticket == mark.Ticket).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
