namespace PrintStash.Domain.Entities;

/// <summary>How far a print file (G-code) can be trusted.</summary>
public enum PrintStatus
{
    NeedsTest = 0,
    KnownGood = 1,
    Failed = 2,
    Archived = 3,
}
