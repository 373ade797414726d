namespace PrintStash.Printers.Abstractions;

/// <summary>What the printer is doing, in one vocabulary for every kind (drivers map their own states onto it).</summary>
public enum PrinterActivity
{
    Unknown = 0,
    Standby = 1,
    Printing = 2,
    Paused = 3,
    Complete = 4,
    Error = 5,
    Cancelled = 6,
}
