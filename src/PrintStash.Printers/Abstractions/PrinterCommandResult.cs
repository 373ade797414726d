namespace PrintStash.Printers.Abstractions;

/// <summary>Outcome of a control command; <see cref="Error"/> is shown to the user ("printer is busy", "Klipper is not ready").</summary>
public sealed record PrinterCommandResult(bool Succeeded, string? Error = null)
{
    public static PrinterCommandResult Ok { get; } = new(true);

    public static PrinterCommandResult Refused(string error) => new(false, error);
}
