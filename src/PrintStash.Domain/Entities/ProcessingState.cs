namespace PrintStash.Domain.Entities;

/// <summary>State of the after-commit steps (thumbnail, metadata) of a file.</summary>
public enum ProcessingState
{
    Pending = 0,
    Done = 1,
    Failed = 2,
    NotApplicable = 3,
}
