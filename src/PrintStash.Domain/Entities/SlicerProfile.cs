namespace PrintStash.Domain.Entities;

public enum SlicerProfileKind
{
    Printer = 0,
    Filament = 1,
    Process = 2,

    /// <summary>A full PrusaSlicer config (printer, filament and print settings in one flat .ini).</summary>
    Complete = 3,
}

public enum SlicerProfileFormat
{
    /// <summary>PrusaSlicer/SuperSlicer "key = value" lines.</summary>
    PrusaIni = 0,

    /// <summary>OrcaSlicer/Bambu Studio JSON preset.</summary>
    OrcaJson = 1,
}

/// <summary>A named slicer preset used for server-side slicing; <see cref="Content"/> is what the slicer CLI loads.</summary>
public sealed class SlicerProfile
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public SlicerProfileKind Kind { get; set; }

    public SlicerProfileFormat Format { get; set; }

    public required string Content { get; set; }

    public Guid? CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
