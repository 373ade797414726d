using System.Globalization;
using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Catalog;
using PrintStash.Printers.Jobs;

namespace PrintStash.Web.Components.Printers;

public sealed partial class JobTable : IDisposable
{
    private static readonly IReadOnlyList<StatusOption> Statuses =
        Enum.GetValues<PrintJobStatus>().Select(s => new StatusOption(s, PrinterFormat.JobStatusText(s))).ToList();

    private readonly CancellationTokenSource lifetime = new();
    /// <summary>Cursors of the pages before the current one; empty on the first page.</summary>
    private readonly Stack<string?> cursors = new();
    private IReadOnlyList<JobView> items = [];
    private string? current;
    private string? next;
    private bool loading = true;
    private string? error;
    private Guid? printer;
    private PrintJobStatus? status;
    private DateTime? from;
    private DateTime? to;
    private string? file;
    private string? user;

    /// <summary>Set on a printer's page: only its jobs, no printer column or filter.</summary>
    [Parameter]
    public Guid? PrinterId { get; set; }

    /// <summary>For the printer filter on the jobs page.</summary>
    [Parameter]
    public IReadOnlyList<PrinterSummary> Printers { get; set; } = [];

    [Parameter]
    public int PageSize { get; set; } = 25;

    [Parameter]
    public string Id { get; set; } = "jobs-grid";

    [Inject]
    private JobQueries Queries { get; set; } = default!;

    private JobFilter Filter => new(
        PrinterId ?? printer,
        status,
        from?.Date,
        to?.Date.AddDays(1),
        file,
        user,
        current,
        PageSize);

    private bool Filtered => printer is not null || status is not null || from is not null || to is not null || !string.IsNullOrWhiteSpace(file) || !string.IsNullOrWhiteSpace(user);

    private string EmptyText => Filtered ? "No job matches these filters." : "No jobs yet: every print on a connected printer shows up here.";

    private string ExportUrl
    {
        get
        {
            var query = new List<string>();
            Add("printerId", (PrinterId ?? printer)?.ToString());
            Add("status", status?.ToString());
            Add("from", from?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add("to", to?.Date.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add("file", file);
            Add("user", user);
            return "/api/v1/jobs/export.csv" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);

            void Add(string name, string? value)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    query.Add(name + "=" + Uri.EscapeDataString(value));
                }
            }
        }
    }

    public void Dispose()
    {
        lifetime.Cancel();
        lifetime.Dispose();
    }

    /// <summary>
    /// Reloads the page on screen (a job started or finished); the first page picks up new jobs. Called by the parent,
    /// whose re-render would skip this table (its parameters did not change), so it renders itself.
    /// </summary>
    public async Task RefreshAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    protected override Task OnInitializedAsync() => LoadAsync();

    private Task FirstPageAsync()
    {
        cursors.Clear();
        current = null;
        return LoadAsync();
    }

    private Task OlderAsync()
    {
        cursors.Push(current);
        current = next;
        return LoadAsync();
    }

    private Task NewerAsync()
    {
        current = cursors.Count > 0 ? cursors.Pop() : null;
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (from is { } f && to is { } t && t < f)
        {
            error = "The 'To' date is before the 'From' date.";
            return;
        }

        loading = true;
        error = null;
        try
        {
            var page = await Queries.ListAsync(Filter, lifetime.Token);
            items = page.Items;
            next = page.NextCursor;
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // The page closed.
        }
        finally
        {
            loading = false;
        }
    }

    private sealed record StatusOption(PrintJobStatus Value, string Text);
}
