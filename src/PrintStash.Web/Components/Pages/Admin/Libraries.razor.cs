using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Libraries;
using PrintStash.Web.Auth;
using Radzen;

namespace PrintStash.Web.Components.Pages.Admin;

/// <summary>
/// Library volumes: add/edit, scan now with live progress, review of held-back removals, history and jobs. While a
/// scan runs the page refreshes its progress twice a second; the volume list is re-read when a job starts or ends or a watcher changes state.
/// </summary>
public sealed partial class Libraries : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource disposed = new();
    private readonly Dictionary<Guid, List<LibraryScanRun>> history = [];
    private List<LibraryVolumeStatus>? statuses;
    private bool editing;
    private LibraryVolume? editVolume;
    private DateTimeOffset now;
    private int overviewVersion;
    private Task? refreshLoop;

    [Inject]
    private LibraryOverview Overview { get; set; } = default!;

    [Inject]
    private LibraryVolumeService Volumes { get; set; } = default!;

    [Inject]
    private LibraryScanCoordinator Coordinator { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        now = Time.GetUtcNow();
        Overview.Changed += OnOverviewChanged;
        await ReloadAsync();
        refreshLoop = RefreshLoopAsync();
    }

    private void OnOverviewChanged() => Interlocked.Increment(ref overviewVersion);

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(Tick, Time);
        var seen = Volatile.Read(ref overviewVersion);
        try
        {
            while (await timer.WaitForNextTickAsync(disposed.Token))
            {
                var version = Volatile.Read(ref overviewVersion);
                var running = Coordinator.Jobs.Any(j => j.Status == ScanJobStatus.Running);
                if (version == seen && !running)
                {
                    continue;
                }

                await InvokeAsync(async () =>
                {
                    now = Time.GetUtcNow();
                    if (version != seen)
                    {
                        await ReloadAsync();
                        history.Clear();
                    }

                    StateHasChanged();
                });
                seen = version;
            }
        }
        catch (OperationCanceledException)
        {
            // Page closed.
        }
    }

    private async Task ReloadAsync() => statuses = await Overview.ListAsync(disposed.Token);

    private void Edit(LibraryVolume? volume)
    {
        editVolume = volume;
        editing = true;
    }

    private async Task EditorClosedAsync(Guid? savedId)
    {
        editing = false;
        editVolume = null;
        await ReloadAsync();
        if (savedId is not null)
        {
            Notifications.Notify(NotificationSeverity.Success, "Library saved", "Click Scan now to index it, or wait for its schedule.");
        }
    }

    private async Task ScanAsync(Guid volumeId)
    {
        var job = await Coordinator.RequestAsync(volumeId, LibraryScope.Root, LibraryScanTrigger.Manual, await CurrentUser.GetActorAsync());
        if (job is null)
        {
            Notifications.Notify(NotificationSeverity.Error, "Scan not started", "The library no longer exists.");
        }

        now = Time.GetUtcNow();
    }

    private async Task ConfirmAsync(Guid volumeId)
    {
        var confirmed = await Dialogs.Confirm("Mark the listed files missing? Their rows go to the trash after the grace period; the folder itself is not touched.",
            "Remove from the index", new ConfirmOptions { OkButtonText = "Remove them", CancelButtonText = "Keep" });
        if (confirmed == true)
        {
            await Coordinator.RequestAsync(volumeId, LibraryScope.Root, LibraryScanTrigger.ReviewConfirmed, await CurrentUser.GetActorAsync(), confirmed: true);
        }
    }

    private void CancelJob(Guid jobId) => Coordinator.Cancel(jobId);

    private async Task DeleteAsync(LibraryVolume volume)
    {
        var confirmed = await Dialogs.Confirm($"Stop indexing '{volume.Name}'? Its models go to the trash; the files in {volume.RootPath} are not touched.",
            "Remove library", new ConfirmOptions { OkButtonText = "Remove", CancelButtonText = "Keep" });
        if (confirmed != true)
        {
            return;
        }

        var running = Coordinator.RunningFor(volume.Id);
        if (running is not null)
        {
            Coordinator.Cancel(running.Id);
            await Coordinator.WaitIdleAsync(volume.Id, disposed.Token);
        }

        await Volumes.DeleteAsync(volume.Id, await CurrentUser.GetActorAsync(), disposed.Token);
        await ReloadAsync();
    }

    private async Task LoadHistoryAsync(Guid volumeId)
    {
        history[volumeId] = await Volumes.HistoryAsync(volumeId, 20, disposed.Token);
    }

    private static BadgeStyle WatcherStyle(WatcherStatus status) => status switch
    {
        WatcherStatus.Watching => BadgeStyle.Success,
        WatcherStatus.Failed => BadgeStyle.Warning,
        _ => BadgeStyle.Light,
    };

    private static string WatcherText(WatcherStatus status) => status switch
    {
        WatcherStatus.Watching => "watching",
        WatcherStatus.Failed => "watcher failed",
        _ => "not watched",
    };

    private static string TriggerText(LibraryScanTrigger trigger) => trigger switch
    {
        LibraryScanTrigger.Manual => "manual",
        LibraryScanTrigger.Schedule => "scheduled",
        LibraryScanTrigger.Watcher => "watcher",
        LibraryScanTrigger.ReviewConfirmed => "review confirmed",
        _ => trigger.ToString(),
    };

    private static string JobStatusText(ScanJobStatus status) => status switch
    {
        ScanJobStatus.NeedsReview => "review removals",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static BadgeStyle OutcomeStyle(LibraryScanOutcome outcome) => outcome switch
    {
        LibraryScanOutcome.Completed => BadgeStyle.Success,
        LibraryScanOutcome.Running => BadgeStyle.Info,
        LibraryScanOutcome.NeedsReview or LibraryScanOutcome.Cancelled => BadgeStyle.Warning,
        _ => BadgeStyle.Danger,
    };

    private static string OutcomeText(LibraryScanOutcome outcome) => outcome switch
    {
        LibraryScanOutcome.NeedsReview => "review removals",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    public async ValueTask DisposeAsync()
    {
        Overview.Changed -= OnOverviewChanged;
        await disposed.CancelAsync();
        if (refreshLoop is not null)
        {
            await refreshLoop;
        }

        disposed.Dispose();
    }
}
