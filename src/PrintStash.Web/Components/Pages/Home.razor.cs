using Microsoft.AspNetCore.Components;
using PrintStash.Ingestion.Processing;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Components.Vault;

namespace PrintStash.Web.Components.Pages;

/// <summary>The dashboard: live printers, the most recently changed models once the vault has any, and the getting-started steps.</summary>
public sealed partial class Home
{
    public const int RecentCount = 8;

    private readonly CancellationTokenSource lifetime = new();
    private IReadOnlyList<ModelCard> recent = [];
    private IReadOnlySet<Guid> pendingCovers = new HashSet<Guid>();
    private VaultChangeListener? listener;

    [Inject]
    private VaultQueries Queries { get; set; } = default!;

    [Inject]
    private VaultChangeFeed Changes { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<Home> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        listener = VaultChangeListener.Start(Changes, _ => true, token => InvokeAsync(async () =>
        {
            await LoadAsync(token);
            StateHasChanged();
        }), Time, Logger);
        try
        {
            await LoadAsync(lifetime.Token);
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // The page closed while loading.
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Cancelled, not disposed: a handler still finishing after disposal may read the token; CancellationTokenSource
        // without timers holds nothing that needs releasing.
        await lifetime.CancelAsync();
        if (listener is not null)
        {
            await listener.DisposeAsync();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var page = await Queries.ListModelsAsync(new ModelFilter(Take: RecentCount), cancellationToken);
        pendingCovers = await Queries.PendingCoversAsync(page.Items, cancellationToken);
        recent = page.Items;
    }
}
