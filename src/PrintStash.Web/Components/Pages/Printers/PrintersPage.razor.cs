using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Catalog;
using PrintStash.Web.Auth;
using PrintStash.Web.Components.Printers;
using Radzen;

namespace PrintStash.Web.Components.Pages.Printers;

/// <summary>Every configured printer with its connection state; Admins test, disable, edit and delete from here.</summary>
public sealed partial class PrintersPage
{
    private IReadOnlyList<PrinterSummary>? printers;
    private PrinterFeed? feed;
    private Guid? testing;
    private bool isAdmin;

    [Inject]
    private IPrinterCatalog Catalog { get; set; } = default!;

    [Inject]
    private IPrinterHub Hub { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<PrintersPage> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        // Connection states change rarely here (the table shows no progress), so each batch is one cheap re-render.
        feed = PrinterFeed.Start(Hub, _ => InvokeAsync(StateHasChanged), Logger);
        isAdmin = (await Authorization.AuthorizeAsync(await CurrentUser.GetPrincipalAsync(), Policies.Admin)).Succeeded;
        await LoadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (feed is not null)
        {
            await feed.DisposeAsync();
        }
    }

    private async Task LoadAsync() => printers = await Catalog.ListAsync(CancellationToken.None);

    private string StateText(PrinterSummary printer) =>
        Hub.Find(printer.Id) is { } live
            ? PrinterFormat.ConnectionText(live, Time.GetUtcNow().UtcDateTime) ?? PrinterFormat.StateText(live)
            : printer.Enabled ? "Connecting…" : "Disabled";

    private string RowStateClass(PrinterSummary printer) =>
        Hub.Find(printer.Id) is { } live ? PrinterFormat.StateClass(live) : printer.Enabled ? "ps-state-offline" : "ps-state-disabled";

    private async Task TestAsync(PrinterSummary printer)
    {
        testing = printer.Id;
        try
        {
            var input = new PrinterInput(printer.Name, printer.Kind, printer.Address, null, printer.UserName, printer.SerialNumber,
                printer.TrustedCertificateSha256, printer.Location, printer.Tags, printer.Enabled);
            var result = await Catalog.TestAsync(input, printer.Id, CancellationToken.None);
            if (result.Succeeded)
            {
                Notifications.Notify(NotificationSeverity.Success, $"{printer.Name}: connection works", result.Summary ?? "The printer answered.", TimeSpan.FromSeconds(6));
            }
            else
            {
                Notifications.Notify(NotificationSeverity.Error, $"{printer.Name}: test failed",
                    string.Join(" ", result.Problems.Select(p => p.Message)) + " Edit the printer to fix it.", TimeSpan.FromSeconds(12));
            }
        }
        finally
        {
            testing = null;
        }
    }

    private async Task SetEnabledAsync(PrinterSummary printer, bool enabled)
    {
        var input = new PrinterInput(printer.Name, printer.Kind, printer.Address, null, printer.UserName, printer.SerialNumber,
            printer.TrustedCertificateSha256, printer.Location, printer.Tags, enabled);
        var result = await Catalog.UpdateAsync(printer.Id, input, await CurrentUser.GetActorAsync(), CancellationToken.None);
        if (!result.Succeeded)
        {
            Notifications.Notify(NotificationSeverity.Error, $"{printer.Name} was not changed", string.Join(" ", result.Problems.Select(p => p.Message)));
        }

        await LoadAsync();
    }

    private async Task DeleteAsync(PrinterSummary printer)
    {
        var confirmed = await Dialogs.Confirm(
            $"Delete {printer.Name}? Its job history is deleted with it. Files in the vault are not touched.",
            "Delete printer",
            new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Keep it" });
        if (confirmed != true)
        {
            return;
        }

        await Catalog.DeleteAsync(printer.Id, await CurrentUser.GetActorAsync(), CancellationToken.None);
        Notifications.Notify(NotificationSeverity.Info, "Printer deleted", printer.Name);
        await LoadAsync();
    }
}
