using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Settings;

namespace PrintStash.Web.Components.Layout;

public sealed partial class MainLayout
{
    private bool sidebarExpanded = true;
    private string siteName = "PrintStash";

    [Inject]
    private ISettingsResolver Settings { get; set; } = default!;

    [CascadingParameter(Name = "ThemeMode")]
    private string ThemeMode { get; set; } = ThemePreference.System;

    protected override void OnInitialized() => siteName = Settings.Get(SettingCatalog.SiteName);
}
