using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PrintStash.Domain.Settings;

/// <summary>
/// A live setting given in appsettings.json or PRINTSTASH_* must be valid too: a typo there stops the server at
/// start with the reason, instead of being silently replaced by the default.
/// </summary>
public sealed class LiveSettingsConfigurationValidator(IConfiguration configuration, SettingCatalog catalog) : IValidateOptions<PrintStashOptions>
{
    public ValidateOptionsResult Validate(string? name, PrintStashOptions options)
    {
        var errors = catalog.All
            .Select(setting => (setting, raw: configuration[setting.ConfigurationKey]))
            .Where(x => x.raw is not null && !x.setting.Parse(x.raw).IsValid)
            .Select(x => $"{x.setting.ConfigurationKey} (PRINTSTASH_{EnvironmentVariableName(x.setting.Key)}): {x.setting.Parse(x.raw).Error}")
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>"Auth:MaxFailedSignIns" → "AUTH__MAX_FAILED_SIGN_INS", the spelling an environment variable uses.</summary>
    public static string EnvironmentVariableName(string key) =>
        string.Join("__", key.Split(':').Select(segment =>
            string.Concat(segment.Select((c, i) => i > 0 && char.IsUpper(c) && !char.IsUpper(segment[i - 1]) ? "_" + c : c.ToString())).ToUpperInvariant()));
}
