using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Persistence;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Hub;

namespace PrintStash.Printers.Jobs;

/// <summary>
/// Writes the coarse snapshot (state, last seen, current job) of each printer to its row: at once when the state or
/// the current job changes, otherwise at most every <see cref="PrintersOptions.SnapshotWriteInterval"/>. After a
/// restart the hub is seeded from these rows, so the dashboard shows the last known state straight away.
/// </summary>
public sealed class PrinterSnapshotWriter(
    PrinterHub hub,
    IDbContextFactory<PrintStashDbContext> contextFactory,
    DatabaseReadiness readiness,
    IOptions<PrintersOptions> options,
    TimeProvider time,
    ILogger<PrinterSnapshotWriter> logger) : BackgroundService
{
    private readonly Dictionary<Guid, Written> written = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        var subscription = hub.Subscribe(stoppingToken);
        Remember(subscription.Current);
        await foreach (var batch in subscription.Changes.WithCancellation(stoppingToken))
        {
            foreach (var removed in batch.Removed)
            {
                written.Remove(removed);
            }

            try
            {
                await WriteDueAsync(batch.Changed, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next change retries; a lost coarse snapshot only makes the post-restart view older.
                logger.LogWarning(ex, "Writing printer snapshots failed");
            }
        }
    }

    /// <summary>Writes the snapshots that are due; returns how many rows were written.</summary>
    internal async Task<int> WriteDueAsync(IReadOnlyList<PrinterSnapshot> changed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = changed.Where(s => IsDue(s, now)).ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        foreach (var snapshot in due)
        {
            var state = StateOf(snapshot);
            await context.Printers
                .Where(p => p.Id == snapshot.PrinterId)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(p => p.LastState, state)
                        .SetProperty(p => p.LastSeenAt, snapshot.LastSeenAt)
                        .SetProperty(p => p.CurrentJobId, snapshot.CurrentJobId)
                        .SetProperty(p => p.SnapshotWrittenAt, now),
                    cancellationToken);
            written[snapshot.PrinterId] = new Written(state, snapshot.CurrentJobId, now);
        }

        return due.Count;
    }

    internal void Remember(IEnumerable<PrinterSnapshot> snapshots)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var snapshot in snapshots)
        {
            written[snapshot.PrinterId] = new Written(StateOf(snapshot), snapshot.CurrentJobId, now);
        }
    }

    /// <summary>The printer's last reported activity ("Printing", "Standby", …).</summary>
    public static string StateOf(PrinterSnapshot snapshot) => snapshot.Status.Activity.ToString();

    private bool IsDue(PrinterSnapshot snapshot, DateTime now)
    {
        if (!written.TryGetValue(snapshot.PrinterId, out var last))
        {
            return true;
        }

        // A clock that went back would otherwise hold the next periodic write off until it caught up.
        return last.State != StateOf(snapshot) || last.CurrentJobId != snapshot.CurrentJobId ||
               now < last.At || now - last.At >= options.Value.SnapshotWriteInterval;
    }

    private sealed record Written(string State, Guid? CurrentJobId, DateTime At);
}
