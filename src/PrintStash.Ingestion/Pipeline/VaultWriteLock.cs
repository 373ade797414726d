namespace PrintStash.Ingestion.Pipeline;

/// <summary>
/// The one serialized writer for vault rows: revision numbers, the recommended flag and duplicate checks are decided
/// and committed under it, so concurrent uploads cannot interleave. Held only for the short database part.
/// </summary>
public sealed class VaultWriteLock
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
