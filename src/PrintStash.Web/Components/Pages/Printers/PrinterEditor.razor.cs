using Microsoft.AspNetCore.Components;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Catalog;
using PrintStash.Web.Auth;
using Radzen;

namespace PrintStash.Web.Components.Pages.Printers;

/// <summary>
/// Add or edit a printer: kind-specific fields, "Test connection" with the driver's answer shown under the field it
/// concerns, save through the catalog (which encrypts the secret, audits and reconnects the printer).
/// </summary>
public sealed partial class PrinterEditor
{
    private static readonly string[] FormFields = ["Name", "Location", "Address", "SerialNumber", "UserName", "Secret", "TrustedCertificateSha256", "Tags"];

    private PrinterForm? form;
    private string? originalName;
    private bool notFound;
    private bool saving;
    private bool testing;
    private string? testSummary;
    private string? presentedFingerprint;
    private IReadOnlyList<PrinterFieldProblem> problems = [];
    private List<string> generalProblems = [];

    [Parameter]
    public Guid? Id { get; set; }

    [Inject]
    private IPrinterCatalog Catalog { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (Id is not { } id)
        {
            form ??= new PrinterForm();
            return;
        }

        var printer = await Catalog.FindAsync(id, CancellationToken.None);
        notFound = printer is null;
        if (printer is not null)
        {
            originalName = printer.Name;
            form = PrinterForm.From(printer);
        }
    }

    private IReadOnlyList<string> ProblemsFor(string field) => problems.Where(p => p.Field == field).Select(p => p.Message).ToList();

    private void KindChanged()
    {
        problems = [];
        generalProblems = [];
        testSummary = null;
        presentedFingerprint = null;
    }

    private async Task TestAsync()
    {
        testing = true;
        testSummary = null;
        try
        {
            var result = await Catalog.TestAsync(form!.ToInput(), Id, CancellationToken.None);
            Show(result.Problems);
            presentedFingerprint = result.PresentedCertificateSha256;
            testSummary = result.Succeeded ? result.Summary ?? "the printer answered." : null;
        }
        finally
        {
            testing = false;
        }
    }

    private async Task SaveAsync()
    {
        if (saving)
        {
            return;
        }

        saving = true;
        testSummary = null;
        try
        {
            var actor = await CurrentUser.GetActorAsync();
            var result = Id is { } id
                ? await Catalog.UpdateAsync(id, form!.ToInput(), actor, CancellationToken.None)
                : await Catalog.CreateAsync(form!.ToInput(), actor, CancellationToken.None);
            Show(result.Problems);
            if (result.Printer is { } saved)
            {
                Notifications.Notify(NotificationSeverity.Success, Id is null ? "Printer added" : "Printer saved", $"{saved.Name} {(saved.Enabled ? "is connecting now." : "is saved and disabled.")}");
                Navigation.NavigateTo($"/printers/{saved.Id}");
            }
        }
        finally
        {
            saving = false;
        }
    }

    private async Task DeleteAsync()
    {
        var confirmed = await Dialogs.Confirm(
            $"Delete {originalName}? Its job history is deleted with it. Files in the vault are not touched.",
            "Delete printer",
            new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Keep it" });
        if (confirmed != true)
        {
            return;
        }

        if (await Catalog.DeleteAsync(Id!.Value, await CurrentUser.GetActorAsync(), CancellationToken.None))
        {
            Notifications.Notify(NotificationSeverity.Info, "Printer deleted", originalName ?? string.Empty);
        }

        Navigation.NavigateTo("/printers");
    }

    private void Show(IReadOnlyList<PrinterFieldProblem> found)
    {
        problems = found;
        generalProblems = found.Where(p => !FormFields.Contains(p.Field)).Select(p => p.Message).ToList();
    }
}
