using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Slicing;
using PrintStash.Web.Auth;
using Radzen;

namespace PrintStash.Web.Components.Pages.Slicing;

/// <summary>Slicer profiles for server-side slicing: which slicer runs here, import, edit, delete.</summary>
public sealed partial class SlicerProfilesPage
{
    private List<SlicerProfileView> profiles = [];
    private IReadOnlyList<SlicerEngine> engines = [];
    private TimeSpan timeout;
    private string? importMessage;
    private bool importFailed;

    [Inject]
    private SlicerProfileService Profiles { get; set; } = default!;

    [Inject]
    private SlicerEngines Engines { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    public static string KindText(SlicerProfileKind kind) => kind switch
    {
        SlicerProfileKind.Complete => "Complete",
        SlicerProfileKind.Process => "Process",
        _ => kind.ToString(),
    };

    protected override async Task OnInitializedAsync()
    {
        engines = Engines.Available();
        timeout = Engines.Timeout;
        await LoadAsync();
    }

    private async Task LoadAsync() => profiles = [.. await Profiles.ListAsync(CancellationToken.None)];

    private async Task ImportAsync(InputFileChangeEventArgs e)
    {
        var actor = await CurrentUser.GetActorAsync();
        var imported = new List<string>();
        foreach (var file in e.GetMultipleFiles(20))
        {
            if (file.Size > SlicerProfileImporter.MaxBytes)
            {
                (importMessage, importFailed) = ($"'{file.Name}' is larger than {SlicerProfileImporter.MaxBytes / 1000} kB; slicer profiles are small text files.", true);
                return;
            }

            using var reader = new StreamReader(file.OpenReadStream(SlicerProfileImporter.MaxBytes), Encoding.UTF8);
            var (stored, error) = await Profiles.ImportAsync(file.Name, await reader.ReadToEndAsync(), actor, CancellationToken.None);
            if (stored is null)
            {
                (importMessage, importFailed) = (error, true);
                await LoadAsync();
                return;
            }

            imported.AddRange(stored.Select(p => $"{p.Name} ({KindText(p.Kind).ToLowerInvariant()})"));
        }

        (importMessage, importFailed) = ($"Imported {string.Join(", ", imported)}.", false);
        await LoadAsync();
    }

    private async Task EditAsync(SlicerProfileView view)
    {
        var profile = await Profiles.GetAsync(view.Id, CancellationToken.None);
        if (profile is null)
        {
            await LoadAsync();
            return;
        }

        var result = await Dialogs.OpenAsync<SlicerProfileDialog>($"Edit {profile.Name}",
            new Dictionary<string, object?> { [nameof(SlicerProfileDialog.Name)] = profile.Name, [nameof(SlicerProfileDialog.Content)] = profile.Content },
            new DialogOptions { Width = "min(56rem, 95vw)" });
        if (result is SlicerProfileDialog.Edit edit)
        {
            var outcome = await Profiles.UpdateAsync(view.Id, edit.Name, edit.Content == profile.Content ? null : edit.Content, await CurrentUser.GetActorAsync(), CancellationToken.None);
            Notifications.Notify(outcome.Succeeded ? NotificationSeverity.Success : NotificationSeverity.Error, outcome.Succeeded ? "Saved" : "Not saved", outcome.Error ?? profile.Name);
            await LoadAsync();
        }
    }

    private async Task DeleteAsync(SlicerProfileView view)
    {
        if (await Dialogs.Confirm($"Delete the {KindText(view.Kind).ToLowerInvariant()} profile '{view.Name}'? Files already sliced with it stay.", "Delete profile",
                new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Keep" }) == true)
        {
            var outcome = await Profiles.DeleteAsync(view.Id, await CurrentUser.GetActorAsync(), CancellationToken.None);
            if (!outcome.Succeeded)
            {
                Notifications.Notify(NotificationSeverity.Error, "Not deleted", outcome.Error ?? string.Empty);
            }

            await LoadAsync();
        }
    }
}
