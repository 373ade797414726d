using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using Radzen;
using Radzen.Blazor;

namespace PrintStash.Web.Components.Pages.Admin;

public sealed partial class AuditLog
{
    private RadzenDataGrid<AuditEvent>? grid;
    // Null until the first load: RadzenDataGrid calls LoadData on its first render only while Data is null.
    private IReadOnlyList<AuditEvent>? events;
    private int total;
    private bool loading;
    private string? action;
    private string? actor;
    private DateTime? from;
    private DateTime? to;

    [Inject]
    private AuditQuery Query { get; set; } = default!;

    private async Task LoadAsync(LoadDataArgs args)
    {
        loading = true;
        var filter = new AuditFilter(
            action,
            actor,
            from?.Date.ToUniversalTime(),
            to?.Date.AddDays(1).ToUniversalTime(),
            args.Skip ?? 0,
            args.Top ?? 25);
        var page = await Query.FindAsync(filter, CancellationToken.None);
        events = page.Events;
        total = page.Total;
        loading = false;
    }

    private async Task ReloadAsync()
    {
        if (grid is not null)
        {
            await grid.FirstPage(forceReload: true);
        }
    }

    private static BadgeStyle Style(string action) => action switch
    {
        AuditActions.SignInFailed => BadgeStyle.Danger,
        AuditActions.UserDeactivated or AuditActions.ApiKeyRevoked => BadgeStyle.Warning,
        AuditActions.SignIn or AuditActions.SignOut => BadgeStyle.Light,
        _ => BadgeStyle.Info,
    };
}
