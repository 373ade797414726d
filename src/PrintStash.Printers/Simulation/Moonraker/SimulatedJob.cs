using System.Text.Json.Nodes;

namespace PrintStash.Printers.Simulation.Moonraker;

/// <summary>A history entry, serialized with exactly the keys Moonraker's history component uses.</summary>
internal sealed class SimulatedJob
{
    public required string JobId { get; init; }

    public required string FileName { get; init; }

    public required JsonObject Metadata { get; init; }

    public required double StartTime { get; init; }

    public string User { get; init; } = "_TRUSTED_USER_";

    public string Status { get; set; } = "in_progress";

    public double? EndTime { get; set; }

    public double PrintDuration { get; set; }

    public double TotalDuration { get; set; }

    public double FilamentUsed { get; set; }

    public JsonObject ToJson(bool exists) => new()
    {
        ["job_id"] = JobId,
        ["user"] = User,
        ["filename"] = FileName,
        ["status"] = Status,
        ["start_time"] = StartTime,
        ["end_time"] = EndTime,
        ["print_duration"] = PrintDuration,
        ["total_duration"] = TotalDuration,
        ["filament_used"] = FilamentUsed,
        ["metadata"] = Metadata.DeepClone(),
        ["auxiliary_data"] = new JsonArray(),
        ["exists"] = exists,
    };
}
