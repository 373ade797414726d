using PrintStash.Ingestion.Processing;

namespace PrintStash.Web.Components.Vault;

/// <summary>
/// Reads a <see cref="VaultChangeFeed"/> subscription for one component and calls <c>onChanged</c> at most once per
/// window: the first relevant change starts the window, every change that arrives during it is folded in. So a burst
/// of uploads and thumbnails causes a few re-renders, not one per message. Dispose cancels and awaits the loop and
/// ends the subscription.
/// </summary>
public sealed class VaultChangeListener : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMilliseconds(250);

    private readonly VaultChangeFeed.Subscription subscription;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private VaultChangeListener(
        VaultChangeFeed feed, Func<VaultChange, bool> isRelevant, Func<CancellationToken, Task> onChanged, TimeProvider time, TimeSpan window, ILogger logger)
    {
        subscription = feed.Subscribe();
        loop = RunAsync(isRelevant, onChanged, time, window, logger);
    }

    /// <param name="onChanged">Runs off the UI thread: marshal with the component's <c>InvokeAsync</c>.</param>
    public static VaultChangeListener Start(
        VaultChangeFeed feed, Func<VaultChange, bool> isRelevant, Func<CancellationToken, Task> onChanged, TimeProvider time, ILogger logger, TimeSpan? window = null) =>
        new(feed, isRelevant, onChanged, time, window ?? DefaultWindow, logger);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        subscription.Dispose();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Expected on shutdown.
        }

        stop.Dispose();
    }

    private async Task RunAsync(Func<VaultChange, bool> isRelevant, Func<CancellationToken, Task> onChanged, TimeProvider time, TimeSpan window, ILogger logger)
    {
        await Task.Yield();
        var reader = subscription.Reader;
        var token = stop.Token;
        while (await reader.WaitToReadAsync(token))
        {
            var relevant = false;
            while (reader.TryRead(out var change))
            {
                relevant |= isRelevant(change);
            }

            if (!relevant)
            {
                continue;
            }

            await Task.Delay(window, time, token);
            while (reader.TryRead(out _))
            {
                // Folded into this update.
            }

            try
            {
                await onChanged(token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Updating a vault view after a change failed; the next change tries again.");
            }
        }
    }
}
