using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using PrintStash.Ingestion.Processing;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;
using PrintStash.Web.Components.Vault;
using Radzen;

namespace PrintStash.Web.Components.Pages.Library;

/// <summary>
/// The vault's models as a picture grid or a list, newest change first, searchable and filterable, paged with the
/// keyset cursor ("Load more"), and updated live when files arrive or their previews are ready.
/// </summary>
public sealed partial class LibraryPage
{
    public const int PageSize = 48;
    public const string GridView = "grid";
    public const string ListView = "list";
    public const string ViewCookie = "printstash.libraryview";

    private static readonly TimeSpan SearchDebounce = TimeSpan.FromMilliseconds(300);

    private readonly CancellationTokenSource lifetime = new();
    private List<ModelCard> models = [];
    private IReadOnlySet<Guid> pendingCovers = new HashSet<Guid>();
    private LibraryFacets facets = LibraryFacets.None;
    private string? nextCursor;
    private bool loaded;
    private bool loadingMore;
    private bool showEmptyLibrary;
    private string view = GridView;
    private string? search;
    private string? tag;
    private string? material;
    private string? printer;
    private Guid collection = CollectionOptions.None;
    private bool favoritesOnly;
    private Guid? userId;
    private bool canManage;
    private IReadOnlyList<CollectionOption> collections = [];
    private int loadVersion;
    private CancellationTokenSource? debounce;
    private VaultChangeListener? listener;
    private IJSObjectReference? module;
    private (string? Q, string? Tag, string? Material, string? Printer)? appliedQuery;

    [SupplyParameterFromQuery(Name = "q")]
    public string? QueryText { get; set; }

    [SupplyParameterFromQuery(Name = "tag")]
    public string? QueryTag { get; set; }

    [SupplyParameterFromQuery(Name = "material")]
    public string? QueryMaterial { get; set; }

    [SupplyParameterFromQuery(Name = "printer")]
    public string? QueryPrinter { get; set; }

    [Inject]
    private VaultQueries Queries { get; set; } = default!;

    [Inject]
    private VaultChangeFeed Changes { get; set; } = default!;

    [Inject]
    private CollectionService Collections { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;

    [Inject]
    private ILogger<LibraryPage> Logger { get; set; } = default!;

    private bool HasFilters => !string.IsNullOrWhiteSpace(search) || tag is not null || material is not null || printer is not null
        || collection != CollectionOptions.None || favoritesOnly;

    protected override async Task OnInitializedAsync()
    {
        var principal = await CurrentUser.GetPrincipalAsync();
        userId = principal.UserId();
        canManage = (await Authorization.AuthorizeAsync(principal, Policies.Designer)).Succeeded;
        // While prerendering, the request's cookie says which view this browser chose; the circuit re-reads it from the browser.
        view = NormalizeView(HttpContextAccessor.HttpContext?.Request.Cookies[ViewCookie]);
        listener = VaultChangeListener.Start(Changes, _ => true, token => InvokeAsync(() => RefreshAsync(token)), Time, Logger);
    }

    protected override async Task OnParametersSetAsync()
    {
        var query = (QueryText, QueryTag, QueryMaterial, QueryPrinter);
        if (appliedQuery == query)
        {
            return;
        }

        appliedQuery = query;
        search = Blank(QueryText);
        tag = Blank(QueryTag);
        material = Blank(QueryMaterial);
        printer = Blank(QueryPrinter);
        await LoadFirstPageAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        try
        {
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Library/LibraryPage.razor.js");
            var stored = NormalizeView(await module.InvokeAsync<string?>("readView", ViewCookie));
            if (stored != view)
            {
                view = stored;
                StateHasChanged();
            }
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException)
        {
            // The page went away while starting.
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

        debounce?.Cancel();
        debounce?.Dispose();
        if (module is not null)
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException)
            {
                // Nothing to release in a closed browser.
            }
        }
    }

    private ModelFilter Filter(string? cursor, int take) => new(
        Search: search, Tag: tag, Material: material, Printer: printer,
        CollectionId: collection == CollectionOptions.None ? null : collection,
        FavoritesOnly: favoritesOnly && userId is not null, FavoritesOf: userId,
        Cursor: cursor, Take: take);

    private async Task LoadFirstPageAsync()
    {
        var version = ++loadVersion;
        var token = lifetime.Token;
        PrintStash.Ingestion.Vault.ModelPage page;
        IReadOnlySet<Guid> pending;
        LibraryFacets lookups;
        IReadOnlyList<CollectionNode> tree;
        try
        {
            page = await Queries.ListModelsAsync(Filter(null, PageSize), token);
            pending = await Queries.PendingCoversAsync(page.Items, token);
            lookups = await Queries.FacetsAsync(token);
            tree = await Collections.TreeAsync(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return; // The page closed.
        }

        if (version != loadVersion)
        {
            return;
        }

        models = [.. page.Items];
        nextCursor = page.NextCursor;
        pendingCovers = pending;
        facets = lookups;
        collections = CollectionOptions.Flatten(tree);
        showEmptyLibrary = models.Count == 0 && !HasFilters;
        loaded = true;
    }

    /// <summary>After a change: reload as many models as are on screen, page by page along the cursor.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var version = ++loadVersion;
        var wanted = Math.Max(models.Count, PageSize);
        var refreshed = new List<ModelCard>();
        string? cursor = null;
        do
        {
            var page = await Queries.ListModelsAsync(Filter(cursor, Math.Min(wanted - refreshed.Count, VaultQueries.MaxPageSize)), cancellationToken);
            refreshed.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && refreshed.Count < wanted);

        var pending = await Queries.PendingCoversAsync(refreshed, cancellationToken);
        var lookups = await Queries.FacetsAsync(cancellationToken);
        if (version != loadVersion)
        {
            return;
        }

        models = refreshed;
        nextCursor = cursor;
        pendingCovers = pending;
        facets = lookups;
        showEmptyLibrary = models.Count == 0 && !HasFilters;
        loaded = true;
        StateHasChanged();
    }

    private async Task LoadMoreAsync()
    {
        if (nextCursor is null)
        {
            return;
        }

        loadingMore = true;
        var token = lifetime.Token;
        try
        {
            var version = loadVersion;
            var page = await Queries.ListModelsAsync(Filter(nextCursor, PageSize), token);
            var pending = await Queries.PendingCoversAsync(page.Items, token);
            if (version != loadVersion)
            {
                return;
            }

            var known = models.Select(m => m.Id).ToHashSet();
            models.AddRange(page.Items.Where(m => known.Add(m.Id)));
            nextCursor = page.NextCursor;
            pendingCovers = pendingCovers.Concat(pending).ToHashSet();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The page closed.
        }
        finally
        {
            loadingMore = false;
        }
    }

    private async Task OnSearchChanged(string? value)
    {
        search = value;
        if (debounce is not null)
        {
            await debounce.CancelAsync();
            debounce.Dispose();
        }

        debounce = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
        var token = debounce.Token;
        try
        {
            await Task.Delay(SearchDebounce, Time, token);
        }
        catch (OperationCanceledException)
        {
            return; // A newer keystroke or the page closing.
        }

        await LoadFirstPageAsync();
    }

    private async Task SetFilterAsync(Action set)
    {
        set();
        await LoadFirstPageAsync();
    }

    private async Task ClearFiltersAsync()
    {
        search = tag = material = printer = null;
        collection = CollectionOptions.None;
        favoritesOnly = false;
        await LoadFirstPageAsync();
    }

    private async Task ManageCollectionsAsync()
    {
        if (!canManage)
        {
            return;
        }

        var changed = await Dialogs.OpenAsync<CollectionsDialog>("Collections", new Dictionary<string, object?>(),
            new DialogOptions { Width = "36rem", CloseDialogOnEsc = true });
        if (changed is true)
        {
            // A deleted collection can no longer be a filter.
            var tree = await Collections.TreeAsync(lifetime.Token);
            collections = CollectionOptions.Flatten(tree);
            if (collections.All(c => c.Id != collection))
            {
                collection = CollectionOptions.None;
            }

            await LoadFirstPageAsync();
        }
    }

    private async Task SetViewAsync(string value)
    {
        view = NormalizeView(value);
        if (module is not null)
        {
            try
            {
                await module.InvokeVoidAsync("saveView", ViewCookie, view);
            }
            catch (JSDisconnectedException)
            {
                // The choice applies to this page; it is just not remembered.
            }
        }
    }

    private bool IsCoverPending(ModelCard model) => model.CoverFileId is { } cover && pendingCovers.Contains(cover);

    private static IReadOnlyDictionary<string, object> Label(string label) => new Dictionary<string, object> { ["aria-label"] = label };

    private static string NormalizeView(string? value) => value == ListView ? ListView : GridView;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
