using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using PrintStash.Web.Auth;
using PrintStash.Web.Slicing;
using Radzen;

namespace PrintStash.Web.Components.Pages;

public sealed partial class Settings
{
    private List<ApiKeySummary> keys = [];
    private string newLabel = string.Empty;
    private DateTime? newExpiry;
    private string? createdKey;
    private string? keyError;
    private bool busy;
    private string userName = string.Empty;
    private string role = string.Empty;
    private DateTime tomorrow;
    private IEnumerable<string> slicerKeys = [];

    [Inject]
    private UserPreferences Preferences { get; set; } = default!;

    [Inject]
    private ApiKeys ApiKeys { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        tomorrow = Time.GetLocalNow().Date.AddDays(1);
        var principal = await CurrentUser.GetPrincipalAsync();
        userName = principal.DisplayName();
        role = principal.Role()?.ToString() ?? string.Empty;
        await LoadAsync();
        slicerKeys = (await Preferences.OpenInSlicersAsync(await CurrentUser.GetUserIdAsync(), CancellationToken.None)).Select(a => a.Key).ToList();
    }

    private async Task SaveSlicersAsync()
    {
        await Preferences.SetOpenInSlicersAsync(await CurrentUser.GetUserIdAsync(), slicerKeys, CancellationToken.None);
        Notifications.Notify(NotificationSeverity.Success, "Saved", "Your slicer buttons were updated.");
    }

    private async Task LoadAsync() => keys = [.. await ApiKeys.ListAsync(await CurrentUser.GetUserIdAsync(), CancellationToken.None)];

    private async Task CreateKeyAsync()
    {
        busy = true;
        keyError = null;
        try
        {
            var expires = newExpiry is { } day ? DateTime.SpecifyKind(day.Date, DateTimeKind.Local).ToUniversalTime() : (DateTime?)null;
            var result = await ApiKeys.CreateAsync(await CurrentUser.GetUserIdAsync(), newLabel, expires, await CurrentUser.GetActorAsync(), CancellationToken.None);
            if (!result.Succeeded)
            {
                keyError = result.Error;
                return;
            }

            createdKey = result.Value!.Key;
            newLabel = string.Empty;
            newExpiry = null;
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task RevokeAsync(ApiKeySummary key)
    {
        var result = await ApiKeys.RevokeAsync(await CurrentUser.GetUserIdAsync(), key.Id, await CurrentUser.GetActorAsync(), CancellationToken.None);
        if (result.Succeeded)
        {
            Notifications.Notify(NotificationSeverity.Info, "Key revoked", $"'{key.Label}' no longer works.");
        }
        else
        {
            Notifications.Notify(NotificationSeverity.Error, "Could not revoke", result.Error ?? string.Empty);
        }

        await LoadAsync();
    }

    private async Task CopyKeyAsync()
    {
        await JS.InvokeVoidAsync("navigator.clipboard.writeText", createdKey);
        Notifications.Notify(NotificationSeverity.Success, "Copied", "The key is on your clipboard.");
    }

    private static string Format(DateTime? utc) => utc is { } value ? value.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
}
