namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>What the scan learned from commands and body markers, next to the key/value comments. All optional.</summary>
internal sealed record ScanFacts
{
    public static ScanFacts None { get; } = new();

    public SlicerIdentity? Slicer { get; init; }

    public double? MaxLayerZ { get; init; }

    public double? MaxExtrudingZ { get; init; }

    public double? FirstLayerZ { get; init; }

    public int? LastCuraLayer { get; init; }

    public int? LastSimplify3DLayer { get; init; }

    public int? LayerChangeCount { get; init; }

    public double? LastTimeElapsedSeconds { get; init; }

    public double? FirstRemainingMinutes { get; init; }

    public double? FilamentMmFromMoves { get; init; }

    public double? NozzleFromCommands { get; init; }

    public double? BedFromCommands { get; init; }

    public double? NozzleFromStartMacro { get; init; }

    public double? BedFromStartMacro { get; init; }

    public int? TotalLayersFromMacro { get; init; }
}
