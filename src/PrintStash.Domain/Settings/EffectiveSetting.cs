namespace PrintStash.Domain.Settings;

/// <summary>What a setting resolves to now, and which layer the value came from.</summary>
public sealed record EffectiveSetting(
    string Key,
    string Label,
    string Description,
    string Value,
    string Source,
    bool Editable,
    string TypeName,
    string? Constraint,
    string? DefaultValue);

public static class SettingSources
{
    public const string Default = "default";
    public const string Overlay = "admin override (database)";
}
