using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Entities;
using PrintStash.Web.Auth;
using Radzen;

namespace PrintStash.Web.Components.Pages.Admin;

public sealed partial class Users
{
    private readonly UserRole[] roles = Enum.GetValues<UserRole>();
    private List<UserSummary> users = [];
    private string newUserName = string.Empty;
    private string? newDisplayName;
    private string newPassword = string.Empty;
    private UserRole newRole = UserRole.Viewer;
    private string? error;

    [Inject]
    private UserAccounts Accounts { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() => users = [.. await Accounts.ListAsync(CancellationToken.None)];

    private async Task CreateAsync()
    {
        var result = await Accounts.CreateAsync(new NewUser(newUserName, newDisplayName, newPassword, newRole), await CurrentUser.GetActorAsync(), CancellationToken.None);
        if (!result.Succeeded)
        {
            error = result.Error;
            return;
        }

        error = null;
        Notifications.Notify(NotificationSeverity.Success, "User added", $"{result.Value!.UserName} can sign in now as {result.Value.Role}.");
        newUserName = string.Empty;
        newDisplayName = null;
        newPassword = string.Empty;
        newRole = UserRole.Viewer;
        await LoadAsync();
    }

    private async Task ChangeRoleAsync(UserSummary user, UserRole role) =>
        await ReportAsync(await Accounts.ChangeRoleAsync(user.Id, role, await CurrentUser.GetActorAsync(), CancellationToken.None), $"{user.UserName} is now {role}.");

    private async Task SetActiveAsync(UserSummary user, bool active) =>
        await ReportAsync(await Accounts.SetActiveAsync(user.Id, active, await CurrentUser.GetActorAsync(), CancellationToken.None),
            active ? $"{user.UserName} can sign in again." : $"{user.UserName} is signed out everywhere and cannot sign in.");

    private async Task ResetPasswordAsync(UserSummary user)
    {
        var password = System.Security.Cryptography.RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 14);
        var confirmed = await Dialogs.Confirm($"Set a new password for {user.UserName}? Their current sessions end.", "Reset password",
            new ConfirmOptions { OkButtonText = "Reset", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        var result = await Accounts.ResetPasswordAsync(user.Id, password, await CurrentUser.GetActorAsync(), CancellationToken.None);
        if (result.Succeeded)
        {
            await Dialogs.Alert($"The new password of {user.UserName} is: {password}  — give it to them; it is not shown again.", "Password reset");
        }
        else
        {
            Notifications.Notify(NotificationSeverity.Error, "Could not reset the password", result.Error ?? string.Empty);
        }
    }

    private async Task ReportAsync(OperationResult<UserSummary> result, string success)
    {
        if (result.Succeeded)
        {
            Notifications.Notify(NotificationSeverity.Success, "Saved", success);
        }
        else
        {
            Notifications.Notify(NotificationSeverity.Error, "Not changed", result.Error ?? string.Empty);
        }

        await LoadAsync();
    }
}
