using System.Threading.Channels;

namespace PrintStash.Ingestion.Processing;

public enum VaultChangeKind
{
    FileAdded,
    FileProcessed,
    ModelChanged,
}

public sealed record VaultChange(VaultChangeKind Kind, Guid ModelId, Guid? FileId);

/// <summary>
/// Live notifications for the UI ("this file's thumbnail is ready"). Each subscriber gets its own small bounded
/// channel that drops the oldest entry when the reader falls behind; disposing the subscription removes it.
/// </summary>
public sealed class VaultChangeFeed
{
    private const int Capacity = 256;
    private readonly Lock gate = new();
    private readonly List<Channel<VaultChange>> subscribers = [];

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<VaultChange>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (gate)
        {
            subscribers.Add(channel);
        }

        return new Subscription(this, channel);
    }

    public void Publish(VaultChange change)
    {
        lock (gate)
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Writer.TryWrite(change);
            }
        }
    }

    public int SubscriberCount
    {
        get
        {
            lock (gate)
            {
                return subscribers.Count;
            }
        }
    }

    private void Remove(Channel<VaultChange> channel)
    {
        lock (gate)
        {
            subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    public sealed class Subscription(VaultChangeFeed feed, Channel<VaultChange> channel) : IDisposable
    {
        public ChannelReader<VaultChange> Reader => channel.Reader;

        public void Dispose() => feed.Remove(channel);
    }
}
