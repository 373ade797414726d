namespace PrintStash.Printers.Simulation.Moonraker;

/// <summary>An error the simulated Moonraker answers with (HTTP status code, or JSON-RPC code over the socket).</summary>
internal sealed class SimulatorException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;

    /// <summary>Over JSON-RPC Moonraker maps 404 → -32601 and 401 → -32602.</summary>
    public int RpcCode => Code switch
    {
        404 => -32601,
        401 => -32602,
        _ => Code,
    };
}
