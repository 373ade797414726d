using Microsoft.AspNetCore.Components.Server.Circuits;

namespace PrintStash.Bench.Support.Dashboard;

/// <summary>Counts the server's open Blazor circuits, so the benchmark knows when pages have connected or gone.</summary>
internal sealed class CircuitCounter : CircuitHandler
{
    private int open;

    public int Open => Volatile.Read(ref open);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref open);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref open);
        return Task.CompletedTask;
    }
}
