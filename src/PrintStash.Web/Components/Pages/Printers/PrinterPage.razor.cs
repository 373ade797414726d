using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using PrintStash.Ingestion.Vault;
using PrintStash.Printers;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Catalog;
using PrintStash.Printers.Control;
using PrintStash.Printers.Jobs;
using PrintStash.Web.Auth;
using PrintStash.Web.Components.Printers;
using PrintStash.Web.Printers;
using Radzen;
using Radzen.Blazor;

namespace PrintStash.Web.Components.Pages.Printers;

/// <summary>
/// One printer live: current job, controls (with confirmation), sending a vault file, the temperature chart of the last
/// hour, totals and job history. Follows the hub; the job table and totals reload when a job starts or ends.
/// </summary>
public sealed partial class PrinterPage : IAsyncDisposable
{
    private readonly CancellationTokenSource lifetime = new();
    private PrinterSummary? summary;
    private PrinterSnapshot? snapshot;
    private PrinterFeed? feed;
    private JobTable? jobs;
    private PrinterJobTotals? totals;
    private IReadOnlyList<TemperatureSeries> chart = [];
    /// <summary>Time of the newest hub sample the chart shows: it is redrawn only when the hub has kept a newer one.</summary>
    private DateTime? chartSampleAt;
    private RadzenChart? temperatureChart;
    /// <summary>The series got new data in the last render: the chart must draw them (see <see cref="OnAfterRenderAsync"/>).</summary>
    private bool chartDataChanged;
    private IReadOnlyList<FileView> printFiles = [];
    private bool searchedFiles;
    private Guid? sendFileId;
    private bool startAfterSend = true;
    private bool sending;
    private long sendDone;
    private long sendTotal;
    private bool busy;
    private bool notFound;
    private string? commandError;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private IPrinterCatalog Catalog { get; set; } = default!;

    [Inject]
    private IPrinterHub Hub { get; set; } = default!;

    [Inject]
    private IPrinterControl Control { get; set; } = default!;

    [Inject]
    private VaultFileSender Sender { get; set; } = default!;

    [Inject]
    private VaultQueries Vault { get; set; } = default!;

    [Inject]
    private PrinterJobTotalsQuery Totals { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IOptions<PrintersOptions> PrintersOptions { get; set; } = default!;

    [Inject]
    private ILogger<PrinterPage> Logger { get; set; } = default!;

    private PrinterStatus Status => snapshot?.Status ?? PrinterStatus.Unknown;

    private int ProgressPercent => (int)Math.Floor(Math.Clamp(Status.Progress ?? 0, 0, 1) * 100);

    /// <summary>Seconds on the axis while the chart spans a few minutes, else hours and minutes.</summary>
    private string ChartTimeFormat =>
        chart.Count > 0 && chart[0].Current is { Count: > 1 } points && points[^1].At - points[0].At < TimeSpan.FromMinutes(10) ? "{0:HH:mm:ss}" : "{0:HH:mm}";

    private bool Online => snapshot?.Connection == PrinterConnectionState.Online;

    private bool HasJob => Online && Status.Activity is PrinterActivity.Printing or PrinterActivity.Paused && Status.FileName is not null;

    private string StateText => snapshot is { } s ? PrinterFormat.StateText(s) : summary?.Enabled == false ? "Disabled" : "Connecting…";

    private string StateClass => snapshot is { } s ? PrinterFormat.StateClass(s) : "ps-state-offline";

    private string? ConnectionText => snapshot is { } s ? PrinterFormat.ConnectionText(s, Time.GetUtcNow().UtcDateTime) : null;

    private string IdleText => !Online ? "PrintStash is not connected to this printer right now."
        : Status.Activity switch
        {
            PrinterActivity.Complete => $"Finished {Status.FileName}.",
            PrinterActivity.Cancelled => $"{Status.FileName} was cancelled.",
            PrinterActivity.Error => "The printer reports an error.",
            _ => "Ready: nothing is printing.",
        };

    protected override async Task OnParametersSetAsync()
    {
        if (feed is not null)
        {
            await feed.DisposeAsync();
            feed = null;
        }

        summary = await Catalog.FindAsync(Id, lifetime.Token);
        notFound = summary is null;
        if (summary is null)
        {
            return;
        }

        feed = PrinterFeed.Start(Hub, OnBatchAsync, Logger);
        snapshot = feed.Current.FirstOrDefault(s => s.PrinterId == Id) ?? Hub.Find(Id);
        DrawChart();
        await LoadTotalsAsync();
        await SearchFilesAsync(new LoadDataArgs());
    }

    public async ValueTask DisposeAsync()
    {
        await lifetime.CancelAsync();
        if (feed is not null)
        {
            await feed.DisposeAsync();
        }
    }

    private Task OnBatchAsync(PrinterChangeBatch batch)
    {
        var mine = batch.Changed.LastOrDefault(s => s.PrinterId == Id);
        if (mine is null && !batch.Removed.Contains(Id))
        {
            return Task.CompletedTask;
        }

        return InvokeAsync(async () =>
        {
            var before = snapshot;
            snapshot = mine;
            if (mine is null)
            {
                notFound = true;
                StateHasChanged();
                return;
            }

            RedrawChartIfSampled();
            StateHasChanged();
            if (before?.CurrentJobId != mine.CurrentJobId || before?.Status.Activity != mine.Status.Activity)
            {
                // A job started, paused or ended: the history row and totals change with it.
                await LoadTotalsAsync();
                if (jobs is not null)
                {
                    await jobs.RefreshAsync();
                }

                StateHasChanged();
            }
        });
    }

    private void DrawChart()
    {
        var history = Hub.History(Id);
        chart = TemperatureChart.From(history);
        chartSampleAt = history.Count > 0 ? history[^1].At : null;
    }

    /// <summary>
    /// The hub keeps one sample per <see cref="PrintersOptions.HistoryInterval"/>; status batches come up to every 100 ms. The
    /// history is read (and the chart redrawn) only once an interval has passed since the newest sample drawn.
    /// </summary>
    private void RedrawChartIfSampled()
    {
        if (chartSampleAt is { } drawn && Time.GetUtcNow().UtcDateTime - drawn < PrintersOptions.Value.HistoryInterval)
        {
            return;
        }

        var history = Hub.History(Id);
        if (history.Count > 0 && history[^1].At != chartSampleAt)
        {
            chart = TemperatureChart.From(history);
            chartSampleAt = history[^1].At;
            chartDataChanged = true;
        }
    }

    /// <summary>
    /// RadzenChart draws the lines from what its series held when the chart itself rendered, which is before the series
    /// receive their new Data in the same render; a series then asks the chart to draw again only if the axes changed
    /// (<c>Refresh(false)</c>). New readings inside the same axis ranges would stay undrawn, so once the series have their
    /// data the chart is told to redraw: <see cref="RadzenChart.Reload"/>, Radzen's API for "Data has changed".
    /// </summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chartDataChanged && temperatureChart is not null)
        {
            chartDataChanged = false;
            await temperatureChart.Reload();
        }
    }

    private async Task LoadTotalsAsync() => totals = await Totals.ForPrinterAsync(Id, lifetime.Token);

    private async Task SearchFilesAsync(LoadDataArgs args)
    {
        printFiles = await Vault.SearchPrintFilesAsync(args.Filter, 50, lifetime.Token);
        searchedFiles |= !string.IsNullOrEmpty(args.Filter);
    }

    private Task PauseAsync() => CommandAsync(
        $"Pause {Status.FileName} on {summary!.Name}? The head parks; resume continues the print.", "Pause print", "Pause",
        actor => Control.PauseAsync(Id, actor, lifetime.Token));

    private Task ResumeAsync() => CommandAsync(
        $"Resume {Status.FileName} on {summary!.Name}? Check the bed is clear of anything but the print.", "Resume print", "Resume",
        actor => Control.ResumeAsync(Id, actor, lifetime.Token));

    private Task CancelAsync() => CommandAsync(
        $"Cancel {Status.FileName} on {summary!.Name}? The print cannot be continued afterwards.", "Cancel print", "Cancel print",
        actor => Control.CancelAsync(Id, actor, lifetime.Token));

    private async Task SendAsync()
    {
        if (sendFileId is not { } fileId)
        {
            return;
        }

        var file = printFiles.FirstOrDefault(f => f.Id == fileId);
        var name = file?.DisplayName ?? "the file";
        var question = startAfterSend
            ? $"Send {name} to {summary!.Name} and start printing it now? Make sure the bed is clear."
            : $"Send {name} to {summary!.Name}? It is stored on the printer without starting.";
        if (await Dialogs.Confirm(question, startAfterSend ? "Send and print" : "Send file",
                new ConfirmOptions { OkButtonText = startAfterSend ? "Send and print" : "Send", CancelButtonText = "Not now" }) != true)
        {
            return;
        }

        sending = true;
        commandError = null;
        sendDone = 0;
        sendTotal = file?.Size ?? 0;
        try
        {
            var progress = new ThrottledUploadProgress(sendTotal, value => sendDone = value, () => InvokeAsync(StateHasChanged));
            var result = await Sender.SendAsync(Id, fileId, startAfterSend, await CurrentUser.GetActorAsync(), progress, lifetime.Token);
            commandError = result.Succeeded ? null : result.Error ?? "The printer refused the file.";
            if (result.Succeeded)
            {
                sendFileId = null;
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // The page closed.
        }
        finally
        {
            sending = false;
        }
    }

    private async Task CommandAsync(string question, string title, string ok, Func<Domain.Audit.AuditActor, Task<PrinterCommandResult>> command)
    {
        if (await Dialogs.Confirm(question, title, new ConfirmOptions { OkButtonText = ok, CancelButtonText = "Not now" }) != true)
        {
            return;
        }

        busy = true;
        commandError = null;
        try
        {
            var result = await command(await CurrentUser.GetActorAsync());
            commandError = result.Succeeded ? null : result.Error ?? "The printer refused the command.";
        }
        finally
        {
            busy = false;
        }
    }
}
