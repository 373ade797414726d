namespace PrintStash.Ingestion.Slicing;

/// <summary>Server-side slicing ("PrintStash:Slicing"): which slicer programs to run and for how long.</summary>
public sealed class SlicingOptions
{
    public const string SectionName = "PrintStash:Slicing";

    /// <summary>PrusaSlicer CLI; default: "prusa-slicer" found on PATH.</summary>
    public string? PrusaSlicerPath { get; set; }

    /// <summary>OrcaSlicer CLI (e.g. the AppImage or /usr/bin/orca-slicer); not looked up unless set.</summary>
    public string? OrcaSlicerPath { get; set; }

    /// <summary>A slice running longer than this is killed and reported as failed.</summary>
    public int TimeoutSeconds { get; set; } = 900;
}
