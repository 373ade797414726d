using System.Threading.Channels;

namespace PrintStash.Printers.Supervision;

/// <summary>"The printers table changed": wakes the supervision service to reconcile now instead of at the next tick.</summary>
public sealed class ReconcileSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Request() => channel.Writer.TryWrite(true);

    internal async Task WaitAsync(CancellationToken cancellationToken)
    {
        await channel.Reader.WaitToReadAsync(cancellationToken);
        channel.Reader.TryRead(out _);
    }
}
