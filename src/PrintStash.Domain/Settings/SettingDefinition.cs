using System.Globalization;

namespace PrintStash.Domain.Settings;

/// <summary>A value an admin may change at runtime. The configuration key is "PrintStash:" + <see cref="Key"/>.</summary>
public abstract record SettingDefinition(string Key, string Label, string Description)
{
    public string ConfigurationKey => $"{PrintStashOptions.SectionName}:{Key}";

    public abstract string TypeName { get; }

    public abstract string DefaultText { get; }

    public virtual string? Constraint => null;

    /// <summary>Parses and checks a raw value; returns the canonical text or an error a user can act on.</summary>
    public abstract SettingParseResult Parse(string? raw);
}

public sealed record SettingParseResult(string? CanonicalValue, string? Error)
{
    public bool IsValid => Error is null;

    public static SettingParseResult Ok(string value) => new(value, null);

    public static SettingParseResult Invalid(string error) => new(null, error);
}

public sealed record IntegerSetting(string Key, string Label, string Description, int Default, int Min, int Max)
    : SettingDefinition(Key, Label, Description)
{
    public override string TypeName => "whole number";

    public override string DefaultText => Default.ToString(CultureInfo.InvariantCulture);

    public override string Constraint => $"{Min}–{Max}";

    public override SettingParseResult Parse(string? raw)
    {
        if (!int.TryParse(raw?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return SettingParseResult.Invalid($"{Label} must be a whole number, got '{raw}'.");
        }

        return value < Min || value > Max
            ? SettingParseResult.Invalid($"{Label} must be between {Min} and {Max}, got {value}.")
            : SettingParseResult.Ok(value.ToString(CultureInfo.InvariantCulture));
    }
}

public sealed record TextSetting(string Key, string Label, string Description, string Default, int MaxLength)
    : SettingDefinition(Key, Label, Description)
{
    public override string TypeName => "text";

    public override string DefaultText => Default;

    public override string Constraint => $"1–{MaxLength} characters";

    public override SettingParseResult Parse(string? raw)
    {
        var value = raw?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            return SettingParseResult.Invalid($"{Label} cannot be empty.");
        }

        return value.Length > MaxLength
            ? SettingParseResult.Invalid($"{Label} can be at most {MaxLength} characters long.")
            : SettingParseResult.Ok(value);
    }
}

public sealed record BooleanSetting(string Key, string Label, string Description, bool Default)
    : SettingDefinition(Key, Label, Description)
{
    public override string TypeName => "yes/no";

    public override string DefaultText => Default ? "true" : "false";

    public override SettingParseResult Parse(string? raw) =>
        bool.TryParse(raw?.Trim(), out var value)
            ? SettingParseResult.Ok(value ? "true" : "false")
            : SettingParseResult.Invalid($"{Label} must be true or false, got '{raw}'.");
}
