namespace PrintStash.Domain.Settings;

/// <summary>The only read path for live settings: admin override, else configuration, else the default.</summary>
public interface ISettingsResolver
{
    int Get(IntegerSetting setting);

    string Get(TextSetting setting);

    bool Get(BooleanSetting setting);

    IReadOnlyList<EffectiveSetting> Describe();

    Task<SettingParseResult> SetOverrideAsync(string key, string? rawValue, Audit.AuditActor actor, CancellationToken cancellationToken);

    Task<bool> ClearOverrideAsync(string key, Audit.AuditActor actor, CancellationToken cancellationToken);

    Task ReloadAsync(CancellationToken cancellationToken);
}
