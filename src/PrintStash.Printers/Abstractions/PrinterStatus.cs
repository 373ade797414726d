using System.Collections.Immutable;

namespace PrintStash.Printers.Abstractions;

/// <summary>One heater or temperature sensor: "extruder", "heater_bed", "chamber", …; Target is null for sensors.</summary>
public sealed record HeaterReading(string Name, double Current, double? Target);

/// <summary>One filament slot (Bambu AMS tray, Moonraker/Spoolman active spool): colour as #RRGGBB, remaining 0..1.</summary>
public sealed record FilamentSlot(string Slot, string? Material, string? Color, double? Remaining, bool Active);

/// <summary>
/// Everything a driver knows about its printer right now, already merged from partial updates.
/// Drivers report a whole new value each time (records are immutable); the hub diffs and batches.
/// </summary>
public sealed record PrinterStatus
{
    public PrinterActivity Activity { get; init; }

    /// <summary>Printer-side job id of the current/last job when the protocol has one.</summary>
    public string? JobId { get; init; }

    public string? FileName { get; init; }

    /// <summary>0..1.</summary>
    public double? Progress { get; init; }

    public TimeSpan? Elapsed { get; init; }

    public TimeSpan? Remaining { get; init; }

    public int? CurrentLayer { get; init; }

    public int? TotalLayers { get; init; }

    /// <summary>1.0 = 100 %.</summary>
    public double? SpeedFactor { get; init; }

    /// <summary>Part cooling fan 0..1.</summary>
    public double? FanSpeed { get; init; }

    /// <summary>Text the printer shows (M117, Klipper state message, Bambu print_error in words).</summary>
    public string? Message { get; init; }

    public string? CurrentObject { get; init; }

    public ImmutableArray<HeaterReading> Heaters { get; init; } = [];

    public ImmutableArray<FilamentSlot> Filaments { get; init; } = [];

    /// <summary>Printer model / firmware as reported ("Voron 2.4 · Klipper v0.12"), for the printer page.</summary>
    public string? Firmware { get; init; }

    public static PrinterStatus Unknown { get; } = new();
}
