using System.Threading.Channels;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Hub;

/// <summary>
/// One subscriber's bounded queue of batches. When it is full the oldest batch is dropped and the subscriber is marked
/// to receive a full resync next, so a slow reader costs bounded memory and still ends up with the current state.
/// </summary>
internal sealed class HubSubscriber
{
    private readonly Channel<PrinterChangeBatch> channel;
    private int missedBatches;

    public HubSubscriber(int capacity)
    {
        channel = Channel.CreateBounded<PrinterChangeBatch>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Exchange(ref missedBatches, 1));
    }

    public ChannelReader<PrinterChangeBatch> Reader => channel.Reader;

    public int QueuedBatches => channel.Reader.Count;

    public CancellationTokenRegistration CancellationRegistration { get; set; }

    public void Post(PrinterChangeBatch batch) => channel.Writer.TryWrite(batch);

    public void Complete() => channel.Writer.TryComplete();

    /// <summary>True once after batches were dropped.</summary>
    public bool TakeMissed() => Interlocked.Exchange(ref missedBatches, 0) == 1;
}
