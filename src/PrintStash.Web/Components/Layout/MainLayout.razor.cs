using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using PrintStash.Domain.Settings;

namespace PrintStash.Web.Components.Layout;

public sealed partial class MainLayout : IDisposable
{
    private bool sidebarExpanded = true;
    private string siteName = "PrintStash";

    [Inject]
    private ISettingsResolver Settings { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter(Name = "ThemeMode")]
    private string ThemeMode { get; set; } = ThemePreference.System;

    protected override void OnInitialized()
    {
        siteName = Settings.Get(SettingCatalog.SiteName);
        Navigation.LocationChanged += CloseSidebarOnPhone;
    }

    public void Dispose() => Navigation.LocationChanged -= CloseSidebarOnPhone;

    // On a phone the open sidebar covers the page, so picking a page closes it.
    private void CloseSidebarOnPhone(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        try
        {
            if (sidebarExpanded && await JS.InvokeAsync<bool>("printStashLayout.isNarrow"))
            {
                sidebarExpanded = false;
                StateHasChanged();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is going away; nothing to close.
        }
    });
}
