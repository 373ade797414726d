using PrintStash.Printers.Abstractions;

namespace PrintStash.Web.Components.Printers;

/// <summary>
/// One component's subscription to the <see cref="IPrinterHub"/>: the current snapshots at once, then each coalesced
/// change batch handed to <c>onBatch</c> (off the UI thread: marshal with <c>InvokeAsync</c>). The hub already batches
/// (at most one batch per 100 ms window); a batch that arrives while the previous one is still being rendered waits, it is not dropped, and the hub's
/// bounded channel drops the oldest if a circuit falls far behind. Dispose cancels and awaits the loop, which ends the
/// subscription.
/// </summary>
public sealed class PrinterFeed : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private PrinterFeed(IPrinterHub hub, Func<PrinterChangeBatch, Task> onBatch, ILogger logger)
    {
        var subscription = hub.Subscribe(stop.Token);
        Current = subscription.Current;
        loop = RunAsync(subscription.Changes, onBatch, logger);
    }

    public IReadOnlyList<PrinterSnapshot> Current { get; }

    public static PrinterFeed Start(IPrinterHub hub, Func<PrinterChangeBatch, Task> onBatch, ILogger logger) => new(hub, onBatch, logger);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Expected when the circuit goes.
        }

        stop.Dispose();
    }

    private async Task RunAsync(IAsyncEnumerable<PrinterChangeBatch> changes, Func<PrinterChangeBatch, Task> onBatch, ILogger logger)
    {
        await Task.Yield();
        await foreach (var batch in changes.WithCancellation(stop.Token))
        {
            try
            {
                await onBatch(batch);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Showing a printer update failed; the next update tries again.");
            }
        }
    }
}
