using System.Threading.Channels;

namespace PrintStash.Ingestion.Slicing;

/// <summary>Slice jobs waiting for the worker; ids only, the job row is the truth.</summary>
public sealed class SliceJobQueue
{
    private readonly Channel<Guid> channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(Guid jobId) => channel.Writer.TryWrite(jobId);

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken cancellationToken) => channel.Reader.ReadAllAsync(cancellationToken);
}
