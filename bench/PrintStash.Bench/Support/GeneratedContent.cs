using System.Net;

namespace PrintStash.Bench.Support;

/// <summary>HTTP content streamed from a <see cref="GeneratedStream"/>: known length, nothing buffered, nothing on disk.</summary>
internal sealed class GeneratedContent(long length) : HttpContent
{
    private const int ChunkBytes = 1 << 20;

    public long Sent { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var source = new GeneratedStream(length);
        var buffer = new byte[ChunkBytes];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            Sent += read;
        }
    }

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return true;
    }
}
