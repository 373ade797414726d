namespace PrintStash.Domain.Entities;

/// <summary>Per-user choices that are not part of the account itself.</summary>
public sealed class UserPreference
{
    public Guid UserId { get; set; }

    /// <summary>Which "Open in …" slicer buttons the user sees, comma separated keys (e.g. "orca,prusa"); null = all.</summary>
    public string? OpenInSlicers { get; set; }

    public DateTime UpdatedAt { get; set; }
}
