using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Slicing;
using Radzen;

namespace PrintStash.Web.Components.Vault;

/// <summary>Shows a model's recent slice jobs; polls once a second only while one is queued or running.</summary>
public sealed partial class SliceJobsPanel : IAsyncDisposable
{
    private readonly CancellationTokenSource lifetime = new();
    private IReadOnlyList<SliceJobView> jobs = [];
    private Task? polling;

    [Parameter, EditorRequired]
    public Guid ModelId { get; set; }

    [Inject]
    private SliceJobService Jobs { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    public async Task RefreshAsync()
    {
        jobs = await Jobs.ForModelAsync(ModelId, 5, lifetime.Token);
        if (jobs.Any(IsActive) && polling is null or { IsCompleted: true })
        {
            polling = PollAsync(lifetime.Token);
        }

        StateHasChanged();
    }

    protected override async Task OnParametersSetAsync() => jobs = await Jobs.ForModelAsync(ModelId, 5, lifetime.Token);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && jobs.Any(IsActive))
        {
            polling = PollAsync(lifetime.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await lifetime.CancelAsync();
        if (polling is not null)
        {
            await polling;
        }
    }

    private static bool IsActive(SliceJobView job) => job.State is SliceJobState.Queued or SliceJobState.Running;

    private static BadgeStyle Style(SliceJobState state) => state switch
    {
        SliceJobState.Succeeded => BadgeStyle.Success,
        SliceJobState.Failed => BadgeStyle.Danger,
        SliceJobState.Running => BadgeStyle.Info,
        _ => BadgeStyle.Light,
    };

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var current = await Jobs.ForModelAsync(ModelId, 5, cancellationToken);
                await InvokeAsync(() =>
                {
                    jobs = current;
                    StateHasChanged();
                });
                if (!current.Any(IsActive))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
    }
}
