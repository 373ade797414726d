using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace PrintStash.Printers.PrusaLink;

/// <summary>
/// The raw file body of <c>PUT /api/v1/files/...</c>: streamed in 64 KiB chunks with a known length (PrusaLink answers
/// 411 without one), reporting bytes sent. Can be sent again (digest re-challenge) only when the source can seek.
/// </summary>
internal sealed class UploadContent : HttpContent
{
    private const int ChunkSize = 64 * 1024;
    private readonly Stream source;
    private readonly long length;
    private readonly long start;
    private readonly IProgress<long>? progress;
    private bool sent;

    public UploadContent(Stream source, long length, IProgress<long>? progress)
    {
        this.source = source;
        this.length = length;
        this.progress = progress;
        start = source.CanSeek ? source.Position : 0;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Headers.ContentLength = length;
    }

    public bool CanResend => !sent || source.CanSeek;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (sent)
        {
            if (!source.CanSeek)
            {
                throw new InvalidOperationException("The upload stream cannot be sent twice.");
            }

            source.Position = start;
        }

        sent = true;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long total = 0;
            while (total < length)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(ChunkSize, length - total)), cancellationToken);
                if (read == 0)
                {
                    throw new IOException($"The file ended after {total} of {length} bytes.");
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                total += read;
                progress?.Report(total);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = this.length;
        return true;
    }
}
