using System.Threading.Channels;

namespace PrintStash.Ingestion.Processing;

/// <summary>File ids waiting for thumbnail and metadata extraction. Ids are tiny, so the queue itself is unbounded; the work is bounded by the worker count.</summary>
public sealed class FileProcessingQueue
{
    private readonly Channel<Guid> channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleWriter = false });
    private int pending;

    public int Pending => Volatile.Read(ref pending);

    public void Enqueue(Guid fileId)
    {
        Interlocked.Increment(ref pending);
        channel.Writer.TryWrite(fileId);
    }

    public async IAsyncEnumerable<Guid> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var id in channel.Reader.ReadAllAsync(cancellationToken))
        {
            Interlocked.Decrement(ref pending);
            yield return id;
        }
    }
}
