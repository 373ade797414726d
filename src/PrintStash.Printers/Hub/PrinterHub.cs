using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Hub;

/// <summary>
/// Owns the live snapshot of every printer. Writers (supervisors) replace snapshots; changes are sent to every subscriber
/// as batches holding the newest snapshot per printer, at most one batch per batch window: the first change after a
/// quiet window goes out at once (leading edge), changes that follow within the window wait for its end and go together.
/// </summary>
public sealed class PrinterHub : IPrinterHub, IDisposable
{
    private const int RecentRemovalsKept = 64;

    private readonly ConcurrentDictionary<Guid, PrinterHubEntry> entries = new();
    private readonly PrintersOptions options;
    private readonly TimeProvider time;
    private readonly ITimer flushTimer;

    private readonly Lock pendingGate = new();
    private readonly Dictionary<Guid, PrinterSnapshot> pendingChanged = [];
    private readonly HashSet<Guid> pendingRemoved = [];
    private readonly Queue<Guid> recentRemovals = new();
    private bool flushScheduled;
    private long? lastFlushAt;

    private readonly Lock subscribersGate = new();
    private HubSubscriber[] subscribers = [];

    private long version;

    public PrinterHub(IOptions<PrintersOptions> options, TimeProvider time)
    {
        this.options = options.Value;
        this.time = time;
        flushTimer = time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public IReadOnlyList<PrinterSnapshot> Snapshots =>
        entries.Values.Select(e => e.Snapshot).OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(s => s.PrinterId).ToList();

    /// <summary>Live subscriptions (for tests and health checks).</summary>
    public int SubscriberCount => Volatile.Read(ref subscribers).Length;

    /// <summary>Batches waiting in each subscriber's queue (bounded by <see cref="PrintersOptions.SubscriberQueueLength"/>).</summary>
    public IReadOnlyList<int> QueuedBatchesPerSubscriber => Volatile.Read(ref subscribers).Select(s => s.QueuedBatches).ToList();

    public PrinterSnapshot? Find(Guid printerId) => entries.TryGetValue(printerId, out var entry) ? entry.Snapshot : null;

    public PrinterSubscription Subscribe(CancellationToken cancellationToken)
    {
        var subscriber = new HubSubscriber(options.SubscriberQueueLength);

        // Registered before the snapshot is read: any change after this point reaches the subscriber's queue.
        lock (subscribersGate)
        {
            subscribers = [.. subscribers, subscriber];
        }

        subscriber.CancellationRegistration = cancellationToken.Register(() => Unsubscribe(subscriber));
        return new PrinterSubscription(Snapshots, ReadAsync(subscriber, cancellationToken, CancellationToken.None));
    }

    public IReadOnlyList<PrinterSample> History(Guid printerId)
    {
        if (!entries.TryGetValue(printerId, out var entry))
        {
            return [];
        }

        var since = time.GetUtcNow().UtcDateTime - options.HistoryWindow;
        lock (entry.Gate)
        {
            return entry.History.Since(since);
        }
    }

    public (ReadOnlyMemory<byte> Image, string ContentType)? Thumbnail(Guid printerId) =>
        entries.TryGetValue(printerId, out var entry) && entry.Thumbnail is { } thumbnail
            ? (thumbnail.Image, thumbnail.ContentType)
            : null;

    /// <summary>Adds a printer, or refreshes the configured fields (name, slug, kind, location, tags) of a known one.</summary>
    public void Upsert(PrinterSnapshot configured)
    {
        PrinterSnapshot changed;
        while (true)
        {
            if (entries.TryGetValue(configured.PrinterId, out var existing))
            {
                lock (existing.Gate)
                {
                    var current = existing.Snapshot;
                    if (current.Name == configured.Name && current.Slug == configured.Slug && current.Kind == configured.Kind &&
                        current.Location == configured.Location && current.Tags.SequenceEqual(configured.Tags))
                    {
                        return;
                    }

                    changed = current with
                    {
                        Name = configured.Name,
                        Slug = configured.Slug,
                        Kind = configured.Kind,
                        Location = configured.Location,
                        Tags = configured.Tags,
                        Version = NextVersion(),
                    };
                    existing.Snapshot = changed;
                    Enqueue(changed);
                    return;
                }
            }

            var entry = new PrinterHubEntry(configured with { Version = NextVersion() }, new PrinterHistoryRing(options.HistoryCapacity, options.HistoryInterval));
            lock (entry.Gate)
            {
                if (entries.TryAdd(configured.PrinterId, entry))
                {
                    Enqueue(entry.Snapshot);
                    return;
                }
            }
        }
    }

    /// <summary>Applies a change to a known printer atomically; returns the new snapshot, or null for an unknown printer.</summary>
    public PrinterSnapshot? Update(Guid printerId, Func<PrinterSnapshot, PrinterSnapshot> change)
    {
        if (!entries.TryGetValue(printerId, out var entry))
        {
            return null;
        }

        lock (entry.Gate)
        {
            var next = change(entry.Snapshot);
            if (ReferenceEquals(next, entry.Snapshot))
            {
                return next;
            }

            next = next with { Version = NextVersion() };
            entry.Snapshot = next;
            Enqueue(next);
            return next;
        }
    }

    /// <summary>A driver's new status: updates the snapshot, last-seen time and ETA, and the sparkline history.</summary>
    public PrinterSnapshot? ReportStatus(Guid printerId, PrinterStatus status)
    {
        if (!entries.TryGetValue(printerId, out var entry))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        lock (entry.Gate)
        {
            entry.History.Offer(now, status);
            var next = entry.Snapshot with
            {
                Status = status,
                LastSeenAt = now,
                Eta = status.Activity is PrinterActivity.Printing && status.Remaining is { } remaining && remaining >= TimeSpan.Zero && remaining < TimeSpan.FromDays(365)
                    ? now + remaining
                    : null,
                Version = NextVersion(),
            };
            entry.Snapshot = next;
            Enqueue(next);
            return next;
        }
    }

    /// <summary>Stores (or clears) the thumbnail of the file being printed; oversized images are ignored.</summary>
    public void SetThumbnail(Guid printerId, ReadOnlyMemory<byte>? image, string? contentType)
    {
        if (!entries.TryGetValue(printerId, out var entry))
        {
            return;
        }

        PrinterThumbnail? thumbnail = null;
        if (image is { Length: > 0 } bytes && bytes.Length <= options.MaxThumbnailBytes)
        {
            var copy = bytes.ToArray();
            var key = Convert.ToHexStringLower(SHA256.HashData(copy))[..16];
            thumbnail = new PrinterThumbnail(copy, string.IsNullOrWhiteSpace(contentType) ? "image/png" : contentType, key);
        }

        lock (entry.Gate)
        {
            if (entry.Thumbnail?.Key == thumbnail?.Key)
            {
                return;
            }

            entry.Thumbnail = thumbnail;
            var next = entry.Snapshot with { ThumbnailKey = thumbnail?.Key, Version = NextVersion() };
            entry.Snapshot = next;
            Enqueue(next);
        }
    }

    public bool Remove(Guid printerId)
    {
        if (!entries.TryRemove(printerId, out _))
        {
            return false;
        }

        lock (pendingGate)
        {
            pendingChanged.Remove(printerId);
            pendingRemoved.Add(printerId);
            recentRemovals.Enqueue(printerId);
            while (recentRemovals.Count > RecentRemovalsKept)
            {
                recentRemovals.Dequeue();
            }

            ScheduleFlush();
        }

        return true;
    }

    /// <summary>Sends what changed since the last batch to every subscriber (normally called by the batch timer).</summary>
    internal void Flush()
    {
        PrinterChangeBatch batch;
        lock (pendingGate)
        {
            flushScheduled = false;
            if (pendingChanged.Count == 0 && pendingRemoved.Count == 0)
            {
                return;
            }

            lastFlushAt = time.GetTimestamp();

            batch = new PrinterChangeBatch([.. pendingChanged.Values], [.. pendingRemoved]);
            pendingChanged.Clear();
            pendingRemoved.Clear();
        }

        foreach (var subscriber in Volatile.Read(ref subscribers))
        {
            subscriber.Post(batch);
        }
    }

    public void Dispose()
    {
        flushTimer.Dispose();
        HubSubscriber[] all;
        lock (subscribersGate)
        {
            all = subscribers;
            subscribers = [];
        }

        foreach (var subscriber in all)
        {
            subscriber.CancellationRegistration.Dispose();
            subscriber.Complete();
        }
    }

    private async IAsyncEnumerable<PrinterChangeBatch> ReadAsync(
        HubSubscriber subscriber,
        CancellationToken subscriptionToken,
        [EnumeratorCancellation] CancellationToken enumerationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(subscriptionToken, enumerationToken);
        try
        {
            while (await WaitToReadAsync(subscriber, linked.Token))
            {
                while (subscriber.Reader.TryRead(out var batch))
                {
                    yield return subscriber.TakeMissed() ? Resync() : batch;
                }
            }
        }
        finally
        {
            Unsubscribe(subscriber);
        }
    }

    private static async ValueTask<bool> WaitToReadAsync(HubSubscriber subscriber, CancellationToken cancellationToken)
    {
        try
        {
            return await subscriber.Reader.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The circuit went away: end the enumeration quietly.
            return false;
        }
    }

    private PrinterChangeBatch Resync()
    {
        Guid[] removed;
        lock (pendingGate)
        {
            removed = recentRemovals.Where(id => !entries.ContainsKey(id)).Distinct().ToArray();
        }

        return new PrinterChangeBatch(Snapshots, removed, Resync: true);
    }

    private void Unsubscribe(HubSubscriber subscriber)
    {
        lock (subscribersGate)
        {
            var index = Array.IndexOf(subscribers, subscriber);
            if (index < 0)
            {
                return;
            }

            subscribers = [.. subscribers[..index], .. subscribers[(index + 1)..]];
        }

        subscriber.CancellationRegistration.Dispose();
        subscriber.Complete();
    }

    private void Enqueue(PrinterSnapshot snapshot)
    {
        lock (pendingGate)
        {
            pendingRemoved.Remove(snapshot.PrinterId);
            if (!pendingChanged.TryGetValue(snapshot.PrinterId, out var queued) || queued.Version < snapshot.Version)
            {
                pendingChanged[snapshot.PrinterId] = snapshot;
            }

            ScheduleFlush();
        }
    }

    private void ScheduleFlush()
    {
        if (!flushScheduled)
        {
            flushScheduled = true;
            var sinceLast = lastFlushAt is { } at ? time.GetElapsedTime(at) : TimeSpan.MaxValue;
            flushTimer.Change(sinceLast >= options.BatchWindow ? TimeSpan.Zero : options.BatchWindow - sinceLast, Timeout.InfiniteTimeSpan);
        }
    }

    private long NextVersion() => Interlocked.Increment(ref version);
}
