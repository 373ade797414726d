using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Slicing;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;
using Radzen;

namespace PrintStash.Web.Components.Vault;

public sealed partial class SliceDialog
{
    private IReadOnlyList<SlicerEngine> engines = [];
    private List<SlicerProfileView> profiles = [];
    private List<SlicerProfileView> processChoices = [];
    private Guid? printerId;
    private Guid? filamentId;
    private Guid? processId;
    private string? error;
    private bool busy;

    [Parameter, EditorRequired]
    public FileView File { get; set; } = default!;

    [Inject]
    private SlicerEngines Engines { get; set; } = default!;

    [Inject]
    private SlicerProfileService Profiles { get; set; } = default!;

    [Inject]
    private SliceJobService Jobs { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    /// <summary>Meshes and projects the slicer CLIs read.</summary>
    public static bool IsSliceable(string kind) => kind is "Stl" or "Obj" or "ThreeMf" or "Step";

    protected override async Task OnInitializedAsync()
    {
        engines = Engines.Available();
        profiles = [.. await Profiles.ListAsync(CancellationToken.None)];
        processChoices = profiles.Where(p => p.Kind is SlicerProfileKind.Process or SlicerProfileKind.Complete).ToList();
        processId = processChoices.FirstOrDefault(p => p.Kind == SlicerProfileKind.Complete)?.Id;
    }

    private List<SlicerProfileView> Of(SlicerProfileKind kind) => profiles.Where(p => p.Kind == kind).ToList();

    private async Task StartAsync()
    {
        busy = true;
        try
        {
            var (job, problem) = await Jobs.StartAsync(new SliceRequest(File.Id, printerId, filamentId, processId), await CurrentUser.GetActorAsync(), CancellationToken.None);
            if (job is null)
            {
                error = problem;
                return;
            }

            Dialogs.Close(job);
        }
        finally
        {
            busy = false;
        }
    }
}
