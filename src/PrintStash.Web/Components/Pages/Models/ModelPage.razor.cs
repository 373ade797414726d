using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Settings;
using PrintStash.Ingestion.Processing;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;
using PrintStash.Web.Components.Printers;
using PrintStash.Web.Components.Vault;
using Radzen;

namespace PrintStash.Web.Components.Pages.Models;

/// <summary>
/// One model: previews, revisions with their files (status, recommended, label and notes, download, trash), the
/// selected file's details, and uploads into the model. Follows the change feed, so new files and finished previews
/// show up without a reload.
/// </summary>
public sealed partial class ModelPage
{
    private static readonly IReadOnlyList<StatusOption> Statuses =
        Enum.GetValues<PrintStatus>().Select(s => new StatusOption(s, VaultFormat.Status(s))).ToList();

    private readonly CancellationTokenSource lifetime = new();
    private ModelDetail? model;
    private List<RevisionViewModel> liveRevisions = [];
    private List<FileView> liveFiles = [];
    private List<FileView> trashedFiles = [];
    private List<FileView> gallery = [];
    private FileView? selected;
    private Guid? selectedId;
    private Guid? loadedId;
    private bool loaded;
    private bool canEdit;
    private int retentionDays;
    private VaultChangeListener? listener;
    private Guid? userId;
    private bool favorite;
    private bool savingFavorite;
    private IReadOnlyList<PrintStash.Web.Slicing.SlicerApp> slicerApps = [];

    [Inject]
    private PrintStash.Web.Slicing.UserPreferences Preferences { get; set; } = default!;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private VaultQueries Queries { get; set; } = default!;

    [Inject]
    private VaultService Vault { get; set; } = default!;

    [Inject]
    private VaultChangeFeed Changes { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private FavoriteService Favorites { get; set; } = default!;

    [Inject]
    private ISettingsResolver Settings { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<ModelPage> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var principal = await CurrentUser.GetPrincipalAsync();
        canEdit = (await Authorization.AuthorizeAsync(principal, Policies.Designer)).Succeeded;
        userId = principal.UserId();
        retentionDays = Settings.Get(SettingCatalog.TrashRetentionDays);
        slicerApps = userId is { } id ? await Preferences.OpenInSlicersAsync(id, lifetime.Token) : [];
        listener = VaultChangeListener.Start(Changes, c => c.ModelId == Id, token => InvokeAsync(() => ReloadAsync(token, render: true)), Time, Logger);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (loadedId == Id)
        {
            return;
        }

        loadedId = Id;
        selectedId = null;
        await ReloadQuietlyAsync();
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
        model = await Queries.GetModelAsync(Id, includeTrashed: true, cancellationToken);
        favorite = model is not null && userId is { } user && await Favorites.IsFavoriteAsync(user, model.Id, cancellationToken);
        var all = model?.Revisions.SelectMany(r => r.Files).ToList() ?? [];
        liveFiles = all.Where(f => f.DeletedAt is null).ToList();
        trashedFiles = all.Where(f => f.DeletedAt is not null).OrderByDescending(f => f.DeletedAt).ToList();
        liveRevisions = model?.Revisions.Where(r => r.Files.Any(f => f.DeletedAt is null)).ToList() ?? [];

        // Print files with a preview first (the recommended one leading), then meshes; files still being read keep their place.
        gallery = liveFiles
            .Where(f => f.ThumbnailHash is not null || f.ThumbnailState == ProcessingState.Pending)
            .OrderByDescending(f => f.IsRecommended).ThenByDescending(f => f.IsPrintFile).ThenByDescending(f => f.CreatedAt)
            .ToList();

        selected = liveFiles.Find(f => f.Id == selectedId)
            ?? liveFiles.Find(f => f.IsRecommended)
            ?? liveFiles.Find(f => f.Id == model?.CoverFileId)
            ?? liveFiles.FirstOrDefault();
        selectedId = selected?.Id;
        retentionDays = Settings.Get(SettingCatalog.TrashRetentionDays);
        slicerApps = userId is { } id ? await Preferences.OpenInSlicersAsync(id, lifetime.Token) : [];
        loaded = true;
        if (render)
        {
            StateHasChanged();
        }
    }

    /// <summary>The file whose preview is shown large: the selected one if it has a preview, else the first file that has one.</summary>
    private FileView? HeroFile =>
        selected is not null && gallery.Any(g => g.Id == selected.Id) ? selected : gallery.FirstOrDefault();

    private IEnumerable<FileView> LiveFiles(RevisionViewModel revision) =>
        revision.Files.Where(f => f.DeletedAt is null).OrderByDescending(f => f.IsPrintFile).ThenByDescending(f => f.CreatedAt);

    private void Select(FileView file)
    {
        selected = file;
        selectedId = file.Id;
    }

    private void RowRender(RowRenderEventArgs<FileView> args)
    {
        if (args.Data is not { } file)
        {
            return;
        }

        args.Attributes["data-file-id"] = file.Id;
        args.Attributes["data-file-name"] = file.DisplayName;
    }

    /// <summary>The selected file as the selection of this revision's table (empty when it is in another revision).</summary>
    private IList<FileView> SelectedIn(RevisionViewModel revision) =>
        selected is not null && selected.RevisionId == revision.Id && selected.DeletedAt is null ? [selected] : [];

    private async Task SetStatusAsync(FileView file, PrintStatus status)
    {
        if (!canEdit)
        {
            return;
        }

        await RunAsync(Vault.SetPrintStatusAsync(file.Id, status, null, null, await CurrentUser.GetActorAsync(), CancellationToken.None),
            $"'{file.DisplayName}' is now marked {VaultFormat.Status(status).ToLowerInvariant()}.");
    }

    private async Task RecommendAsync(FileView file)
    {
        if (!canEdit)
        {
            return;
        }

        await RunAsync(Vault.MarkRecommendedAsync(file.Id, await CurrentUser.GetActorAsync(), CancellationToken.None),
            $"'{file.DisplayName}' is now the recommended print file.");
    }

    private async Task EditNotesAsync(FileView file)
    {
        if (!canEdit)
        {
            return;
        }

        var result = await Dialogs.OpenAsync<FileNotesDialog>($"Label and notes: {file.DisplayName}",
            new Dictionary<string, object?> { [nameof(FileNotesDialog.Label)] = file.Label, [nameof(FileNotesDialog.Notes)] = file.Notes },
            new DialogOptions { Width = "36rem", CloseDialogOnEsc = true });
        if (result is FileNotes notes)
        {
            await RunAsync(Vault.SetPrintStatusAsync(file.Id, file.PrintStatus, notes.Label, notes.Notes, await CurrentUser.GetActorAsync(), CancellationToken.None),
                $"Saved the label and notes of '{file.DisplayName}'.");
        }
    }

    private SliceJobsPanel? sliceJobs;

    private async Task PrintAsync(FileView file)
    {
        var sent = await Dialogs.OpenAsync<PrintFileDialog>($"Print {file.DisplayName}",
            new Dictionary<string, object?> { [nameof(PrintFileDialog.File)] = file }, new DialogOptions { Width = "min(34rem, 95vw)", CloseDialogOnEsc = true });
        if (sent is PrintFileSent done)
        {
            Notifications.Notify(NotificationSeverity.Success, done.Started ? $"Printing on {done.PrinterName}" : $"Sent to {done.PrinterName}",
                done.Started ? $"{file.DisplayName} is on its way; follow it on the dashboard." : $"{file.DisplayName} is stored on the printer, not started.");
        }
    }

    private async Task SliceAsync(FileView file)
    {
        var job = await Dialogs.OpenAsync<SliceDialog>($"Slice {file.DisplayName}",
            new Dictionary<string, object?> { [nameof(SliceDialog.File)] = file }, new DialogOptions { Width = "min(34rem, 95vw)" });
        if (job is PrintStash.Ingestion.Slicing.SliceJobView started)
        {
            Notifications.Notify(NotificationSeverity.Info, "Slicing started", $"{started.SourceName} · {started.Profiles}");
            if (sliceJobs is not null)
            {
                await sliceJobs.RefreshAsync();
            }
        }
    }

    private async Task ToggleFavoriteAsync()
    {
        if (model is null || userId is not { } user || savingFavorite)
        {
            return;
        }

        savingFavorite = true;
        try
        {
            var wanted = !favorite;
            var result = await Favorites.SetAsync(user, model.Id, wanted, CancellationToken.None);
            if (result.Succeeded)
            {
                favorite = wanted;
            }
            else
            {
                Notifications.Notify(NotificationSeverity.Error, "Not changed", result.Error ?? "The favourite could not be saved.");
            }
        }
        finally
        {
            savingFavorite = false;
        }
    }

    private async Task EditDetailsAsync()
    {
        if (!canEdit || model is null)
        {
            return;
        }

        var saved = await Dialogs.OpenAsync<ModelDetailsDialog>($"Details: {model.Name}",
            new Dictionary<string, object?> { [nameof(ModelDetailsDialog.Model)] = model },
            new DialogOptions { Width = "40rem", CloseDialogOnEsc = true });
        if (saved is true)
        {
            Notifications.Notify(NotificationSeverity.Success, "Done", "Saved the model's details.");
            await ReloadQuietlyAsync();
        }
    }

    /// <summary>The source URL as a link target, only when it is a web address (never javascript: or data:).</summary>
    private static string? WebAddress(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;

    private async Task TrashFileAsync(FileView file)
    {
        if (!canEdit)
        {
            return;
        }

        var note = file.IsRecommended ? " Another print file of this model became the recommended one." : string.Empty;
        await RunAsync(Vault.TrashFileAsync(file.Id, await CurrentUser.GetActorAsync(), CancellationToken.None),
            $"'{file.DisplayName}' is in the trash; restore it from 'Files in the trash' below.{note}");
    }

    private async Task RestoreFileAsync(FileView file)
    {
        if (!canEdit)
        {
            return;
        }

        await RunAsync(Vault.RestoreFileAsync(file.Id, await CurrentUser.GetActorAsync(), CancellationToken.None), $"'{file.DisplayName}' is back.");
    }

    private async Task TrashModelAsync()
    {
        if (!canEdit || model is null)
        {
            return;
        }

        var confirmed = await Dialogs.Confirm(
            $"'{model.Name}' and its {VaultFormat.Plural(liveFiles.Count, "file")} go to the trash. They are deleted for good after {VaultFormat.Plural(retentionDays, "day")}; until then you can restore them from Library → Trash.",
            "Move to trash?",
            new ConfirmOptions { OkButtonText = "Move to trash", CancelButtonText = "Keep it" });
        if (confirmed == true)
        {
            await RunAsync(Vault.TrashModelAsync(model.Id, await CurrentUser.GetActorAsync(), CancellationToken.None), $"'{model.Name}' is in the trash.");
        }
    }

    private async Task RestoreModelAsync()
    {
        if (!canEdit || model is null)
        {
            return;
        }

        await RunAsync(Vault.RestoreModelAsync(model.Id, await CurrentUser.GetActorAsync(), CancellationToken.None), $"'{model.Name}' is back in the library.");
    }

    /// <summary>
    /// Runs a change (to the end, even if the page closes meanwhile: changes get no cancellation), says how it went, and
    /// shows the result at once (the change feed would also bring it a moment later).
    /// </summary>
    private async Task RunAsync(Task<VaultResult> change, string success)
    {
        var result = await change;
        if (result.Succeeded)
        {
            Notifications.Notify(NotificationSeverity.Success, "Done", success);
        }
        else
        {
            Notifications.Notify(NotificationSeverity.Error, "Not changed", result.Error ?? "The change failed.");
        }

        await ReloadQuietlyAsync();
    }

    private async Task ReloadQuietlyAsync()
    {
        try
        {
            await ReloadAsync(lifetime.Token, render: false);
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // The page closed while loading.
        }
    }

    private sealed record StatusOption(PrintStatus Value, string Text);
}
