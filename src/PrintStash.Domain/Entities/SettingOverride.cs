namespace PrintStash.Domain.Entities;

/// <summary>A value an admin changed at runtime; it overrides appsettings and environment for that key.</summary>
public sealed class SettingOverride
{
    public required string Key { get; set; }

    public required string Value { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
