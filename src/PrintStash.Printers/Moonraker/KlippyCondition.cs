namespace PrintStash.Printers.Moonraker;

/// <summary>Moonraker's view of Klipper: <c>ready</c>, <c>startup</c>, <c>shutdown</c>, <c>error</c> or <c>disconnected</c>, plus its reason.</summary>
internal sealed record KlippyCondition(string State, string? Message)
{
    public static KlippyCondition Ready { get; } = new("ready", null);

    public static KlippyCondition Disconnected { get; } = new("disconnected", "Klipper is not connected to Moonraker; waiting for it to restart.");

    public bool IsReady => State == "ready";

    public bool IsFault => State is "shutdown" or "error";

    /// <summary>The sentence shown when a command is refused because of this state.</summary>
    public string Refusal => State switch
    {
        "shutdown" => "Klipper is not ready: it is shut down" + (string.IsNullOrWhiteSpace(Message) ? "." : $" ({Message.Trim()})."),
        "error" => "Klipper is not ready: it reported an error" + (string.IsNullOrWhiteSpace(Message) ? "." : $" ({Message.Trim()})."),
        "startup" => "Klipper is not ready: it is still starting.",
        _ => "Klipper is not ready: Moonraker is not connected to it.",
    };
}
