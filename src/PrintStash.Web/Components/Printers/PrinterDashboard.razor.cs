using Microsoft.AspNetCore.Components;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Web.Components.Printers;

/// <summary>
/// Live printer cards: subscribes to the hub, applies each coalesced batch on the circuit's dispatcher and re-renders
/// once per batch; cards whose snapshot did not change skip their render. A one-second clock runs only while a
/// countdown ("retrying in 12 s", "ends in 45 s") is on screen.
/// </summary>
public sealed partial class PrinterDashboard : IAsyncDisposable
{
    /// <summary>From this many printers the grid starts in compact mode.</summary>
    public const int CompactFrom = 100;

    private static readonly PrinterStateGroup[] FilterGroups =
        [PrinterStateGroup.Printing, PrinterStateGroup.Paused, PrinterStateGroup.Idle, PrinterStateGroup.Error, PrinterStateGroup.Offline];

    private readonly CancellationTokenSource lifetime = new();
    private PrinterBoard? board;
    private PrinterFeed? feed;
    private Task? clock;
    private DateTime now;
    private PrinterStateGroup? state;
    private string? tag;
    private string? location;
    private bool? compact;

    [Inject]
    private IPrinterHub Hub { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<PrinterDashboard> Logger { get; set; } = default!;

    private bool Compact
    {
        get => compact ?? board?.Count >= CompactFrom;
        set => compact = value;
    }

    private PrinterBoardFilter Filter => new(state, tag, location);

    private IEnumerable<PrinterStateGroup> SummaryGroups =>
        FilterGroups.Append(PrinterStateGroup.Disabled).Where(g => board!.CountIn(g) > 0);

    protected override void OnInitialized()
    {
        now = Time.GetUtcNow().UtcDateTime;
        feed = PrinterFeed.Start(Hub, batch => InvokeAsync(() =>
        {
            if (board!.Apply(batch))
            {
                now = Time.GetUtcNow().UtcDateTime;
                StateHasChanged();
            }
        }), Logger);
        board = new PrinterBoard(feed.Current);
        clock = TickAsync(lifetime.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await lifetime.CancelAsync();
        if (feed is not null)
        {
            await feed.DisposeAsync();
        }

        if (clock is not null)
        {
            try
            {
                await clock;
            }
            catch (OperationCanceledException)
            {
                // The circuit went.
            }
        }
    }

    private static string GroupText(PrinterStateGroup group) => group switch
    {
        PrinterStateGroup.Idle => "Idle",
        PrinterStateGroup.Offline => "Offline",
        _ => group.ToString(),
    };

    private void ClearFilters()
    {
        state = null;
        tag = null;
        location = null;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (board is { } b && (b.AnyRetryPending || b.CountIn(PrinterStateGroup.Printing) > 0))
            {
                await InvokeAsync(() =>
                {
                    now = Time.GetUtcNow().UtcDateTime;
                    StateHasChanged();
                });
            }
        }
    }
}
