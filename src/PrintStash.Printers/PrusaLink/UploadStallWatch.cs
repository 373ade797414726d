namespace PrintStash.Printers.PrusaLink;

/// <summary>
/// Cancels an upload that stopped moving: every <c>timeout</c> it checks whether bytes went out since the last look.
/// Forwards progress to the caller's reporter.
/// </summary>
internal sealed class UploadStallWatch : IProgress<long>, IDisposable
{
    private readonly CancellationTokenSource stalled;
    private readonly ITimer timer;
    private readonly IProgress<long>? inner;
    private long sent;
    private long seen = -1;

    public UploadStallWatch(TimeSpan timeout, TimeProvider timeProvider, IProgress<long>? inner, CancellationToken cancellationToken)
    {
        this.inner = inner;
        stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer = timeProvider.CreateTimer(_ => Check(), null, timeout, timeout);
    }

    public CancellationToken Token => stalled.Token;

    public void Report(long value)
    {
        Interlocked.Exchange(ref sent, value);
        inner?.Report(value);
    }

    public void Dispose()
    {
        timer.Dispose();
        stalled.Dispose();
    }

    private void Check()
    {
        var now = Interlocked.Read(ref sent);
        if (now == Interlocked.Exchange(ref seen, now))
        {
            try
            {
                stalled.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The upload ended meanwhile.
            }
        }
    }
}
