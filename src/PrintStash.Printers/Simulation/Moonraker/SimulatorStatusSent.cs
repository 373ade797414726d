using System.Text.Json.Nodes;

namespace PrintStash.Printers.Simulation.Moonraker;

/// <summary>One <c>notify_status_update</c> diff the simulator sent to one WebSocket client, and when (wall clock).</summary>
public sealed record SimulatorStatusSent(DateTimeOffset SentAt, long ConnectionId, JsonObject Diff);
