using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Domain.Settings;

internal sealed class SettingsResolver(
    SettingCatalog catalog,
    IConfiguration configuration,
    IOptions<PrintStashOptions> options,
    IDbContextFactory<PrintStashDbContext> contextFactory,
    IAuditLog audit,
    TimeProvider time) : ISettingsResolver
{
    private ImmutableDictionary<string, string> overlay = ImmutableDictionary.Create<string, string>(StringComparer.OrdinalIgnoreCase);

    public int Get(IntegerSetting setting) => int.Parse(Resolve(setting).Value, System.Globalization.CultureInfo.InvariantCulture);

    public string Get(TextSetting setting) => Resolve(setting).Value;

    public bool Get(BooleanSetting setting) => bool.Parse(Resolve(setting).Value);

    public IReadOnlyList<EffectiveSetting> Describe()
    {
        var frozen = FrozenSettings().ToList();
        var live = catalog.All.Select(s =>
        {
            var (value, source) = Resolve(s);
            return new EffectiveSetting(s.Key, s.Label, s.Description, value, source, true, s.TypeName, s.Constraint, s.DefaultText);
        });
        return [.. frozen, .. live];
    }

    public async Task<SettingParseResult> SetOverrideAsync(string key, string? rawValue, AuditActor actor, CancellationToken cancellationToken)
    {
        var setting = catalog.Find(key);
        if (setting is null)
        {
            return SettingParseResult.Invalid($"'{key}' is not a setting that can be changed at runtime.");
        }

        var parsed = setting.Parse(rawValue);
        if (!parsed.IsValid)
        {
            return parsed;
        }

        var previous = Resolve(setting).Value;
        await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var row = await context.SettingOverrides.FindAsync([setting.Key], cancellationToken);
            if (row is null)
            {
                row = new SettingOverride { Key = setting.Key, Value = parsed.CanonicalValue! };
                context.SettingOverrides.Add(row);
            }

            row.Value = parsed.CanonicalValue!;
            row.UpdatedAt = time.GetUtcNow().UtcDateTime;
            row.UpdatedBy = actor.Name;
            await context.SaveChangesAsync(cancellationToken);
        }

        await ReloadAsync(cancellationToken);
        await audit.WriteAsync(actor, AuditActions.SettingChanged, "setting", setting.Key, new { from = previous, to = parsed.CanonicalValue }, cancellationToken);
        return parsed;
    }

    public async Task<bool> ClearOverrideAsync(string key, AuditActor actor, CancellationToken cancellationToken)
    {
        key = catalog.Find(key)?.Key ?? key;
        await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var deleted = await context.SettingOverrides.Where(s => s.Key == key).ExecuteDeleteAsync(cancellationToken);
            if (deleted == 0)
            {
                return false;
            }
        }

        await ReloadAsync(cancellationToken);
        await audit.WriteAsync(actor, AuditActions.SettingCleared, "setting", key, null, cancellationToken);
        return true;
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await context.SettingOverrides.AsNoTracking().ToListAsync(cancellationToken);
        overlay = rows.ToImmutableDictionary(r => r.Key, r => r.Value, StringComparer.OrdinalIgnoreCase);
    }

    private (string Value, string Source) Resolve(SettingDefinition setting)
    {
        if (overlay.TryGetValue(setting.Key, out var stored) && setting.Parse(stored) is { IsValid: true } fromOverlay)
        {
            return (fromOverlay.CanonicalValue!, SettingSources.Overlay);
        }

        var configured = configuration[setting.ConfigurationKey];
        if (configured is not null && setting.Parse(configured) is { IsValid: true } fromConfiguration)
        {
            return (fromConfiguration.CanonicalValue!, ConfigurationSource(setting.ConfigurationKey));
        }

        return (setting.DefaultText, SettingSources.Default);
    }

    private IEnumerable<EffectiveSetting> FrozenSettings()
    {
        var o = options.Value;
        yield return Frozen("DataDir", "Data directory", "Database file, keys and stored files.", o.DataDirFullPath);
        yield return Frozen("Database:Provider", "Database provider", "Sqlite or Postgres.", o.Database.Provider);
        yield return Frozen("Database:ConnectionString", "Database connection", "Passwords are hidden.",
            ConnectionStringRedactor.Redact(DatabaseConfiguration.IsPostgres(o) ? o.Database.ConnectionString ?? string.Empty : DatabaseConfiguration.SqliteConnectionString(o)));
        yield return Frozen("AdminUser", "Bootstrap admin", "Created at start when no user exists.", o.AdminUser ?? "(not set)");
    }

    private EffectiveSetting Frozen(string key, string label, string description, string value)
    {
        var configurationKey = $"{PrintStashOptions.SectionName}:{key}";
        var source = configuration[configurationKey] is null ? SettingSources.Default : ConfigurationSource(configurationKey);
        return new EffectiveSetting(configurationKey, label, description, value, source, false, "fixed at start", null, null);
    }

    private string ConfigurationSource(string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return "configuration";
        }

        foreach (var provider in root.Providers.Reverse())
        {
            if (provider.TryGet(key, out _))
            {
                return ConfigurationLayerNames.Describe(provider);
            }
        }

        return "configuration";
    }
}
