namespace PrintStash.Domain.Persistence;

/// <summary>
/// Completes once migrations are applied. Background workers wait for it, so none of them touches a table that a
/// migration has yet to create, whatever order the host starts services in.
/// </summary>
public sealed class DatabaseReadiness
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => ready.Task.IsCompleted;

    public Task WaitAsync(CancellationToken cancellationToken) => ready.Task.WaitAsync(cancellationToken);

    internal void MarkReady() => ready.TrySetResult();
}
