using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Settings;
using PrintStash.Web.Auth;
using Radzen;

namespace PrintStash.Web.Components.Pages.Admin;

public sealed partial class ServerSettings
{
    private readonly Dictionary<string, string> drafts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> errors = new(StringComparer.OrdinalIgnoreCase);
    private IReadOnlyList<EffectiveSetting> settings = [];

    [Inject]
    private ISettingsResolver Resolver { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    protected override void OnInitialized() => settings = Resolver.Describe();

    private string Draft(EffectiveSetting s) => drafts.TryGetValue(s.Key, out var draft) ? draft : s.Value;

    private async Task SaveAsync(EffectiveSetting s)
    {
        var result = await Resolver.SetOverrideAsync(s.Key, Draft(s), await CurrentUser.GetActorAsync(), CancellationToken.None);
        if (!result.IsValid)
        {
            errors[s.Key] = result.Error!;
            return;
        }

        errors.Remove(s.Key);
        drafts.Remove(s.Key);
        settings = Resolver.Describe();
        Notifications.Notify(NotificationSeverity.Success, "Saved", $"{s.Label} is now {result.CanonicalValue}.");
    }

    private async Task ClearAsync(EffectiveSetting s)
    {
        await Resolver.ClearOverrideAsync(s.Key, await CurrentUser.GetActorAsync(), CancellationToken.None);
        errors.Remove(s.Key);
        drafts.Remove(s.Key);
        settings = Resolver.Describe();
        Notifications.Notify(NotificationSeverity.Info, "Override removed", $"{s.Label} falls back to configuration or its default.");
    }

    private static string EnvironmentVariable(EffectiveSetting s)
    {
        var key = s.Key.StartsWith(PrintStashOptions.SectionName + ":", StringComparison.OrdinalIgnoreCase) ? s.Key[(PrintStashOptions.SectionName.Length + 1)..] : s.Key;
        return "PRINTSTASH_" + LiveSettingsConfigurationValidator.EnvironmentVariableName(key);
    }

    private static BadgeStyle SourceStyle(string source) => source switch
    {
        SettingSources.Overlay => BadgeStyle.Primary,
        SettingSources.Default => BadgeStyle.Light,
        _ => BadgeStyle.Info,
    };
}
