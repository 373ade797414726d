using Microsoft.AspNetCore.Components;
using PrintStash.Printers.Catalog;

namespace PrintStash.Web.Components.Pages;

/// <summary>Every print on every printer, filtered and paged (the table does the work; the page supplies the printer list).</summary>
public sealed partial class Jobs
{
    private IReadOnlyList<PrinterSummary>? printers;

    [Inject]
    private IPrinterCatalog Catalog { get; set; } = default!;

    protected override async Task OnInitializedAsync() => printers = await Catalog.ListAsync(CancellationToken.None);
}
