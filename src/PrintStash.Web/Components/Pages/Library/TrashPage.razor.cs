using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Settings;
using PrintStash.Ingestion.Processing;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;
using PrintStash.Web.Components.Vault;
using Radzen;

namespace PrintStash.Web.Components.Pages.Library;

/// <summary>Trashed models with their purge date and a restore button; updated live when something is trashed or restored.</summary>
public sealed partial class TrashPage
{
    private const int PageSize = 48;

    private readonly CancellationTokenSource lifetime = new();
    private List<ModelCard> models = [];
    private string? nextCursor;
    private bool loaded;
    private bool loadingMore;
    private int retentionDays;
    private VaultChangeListener? listener;

    [Inject]
    private VaultQueries Queries { get; set; } = default!;

    [Inject]
    private VaultService Vault { get; set; } = default!;

    [Inject]
    private VaultChangeFeed Changes { get; set; } = default!;

    [Inject]
    private ISettingsResolver Settings { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<TrashPage> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        retentionDays = Settings.Get(SettingCatalog.TrashRetentionDays);
        listener = VaultChangeListener.Start(Changes, c => c.Kind == VaultChangeKind.ModelChanged, token => InvokeAsync(() => ReloadAsync(token, render: true)), Time, Logger);
        try
        {
            await ReloadAsync(lifetime.Token, render: false);
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

    private async Task ReloadAsync(CancellationToken cancellationToken, bool render)
    {
        var wanted = Math.Max(models.Count, PageSize);
        var reloaded = new List<ModelCard>();
        string? cursor = null;
        do
        {
            var page = await Queries.ListModelsAsync(new ModelFilter(Trashed: true, Cursor: cursor, Take: Math.Min(wanted - reloaded.Count, VaultQueries.MaxPageSize)), cancellationToken);
            reloaded.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && reloaded.Count < wanted);

        models = reloaded;
        nextCursor = cursor;
        retentionDays = Settings.Get(SettingCatalog.TrashRetentionDays);
        loaded = true;
        if (render)
        {
            StateHasChanged();
        }
    }

    private async Task LoadMoreAsync()
    {
        loadingMore = true;
        try
        {
            var page = await Queries.ListModelsAsync(new ModelFilter(Trashed: true, Cursor: nextCursor, Take: PageSize), lifetime.Token);
            var known = models.Select(m => m.Id).ToHashSet();
            models.AddRange(page.Items.Where(m => known.Add(m.Id)));
            nextCursor = page.NextCursor;
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // The page closed.
        }
        finally
        {
            loadingMore = false;
        }
    }

    private async Task RestoreAsync(ModelCard model)
    {
        // Changes run to the end even if the page closes meanwhile.
        var result = await Vault.RestoreModelAsync(model.Id, await CurrentUser.GetActorAsync(), CancellationToken.None);
        if (result.Succeeded)
        {
            models.RemoveAll(m => m.Id == model.Id);
            Notifications.Notify(NotificationSeverity.Success, "Restored", $"'{model.Name}' is back in the library.");
        }
        else
        {
            Notifications.Notify(NotificationSeverity.Error, "Could not restore", result.Error ?? string.Empty);
        }
    }
}
