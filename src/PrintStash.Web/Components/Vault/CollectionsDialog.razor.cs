using Microsoft.AspNetCore.Components;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;
using Radzen;

namespace PrintStash.Web.Components.Vault;

/// <summary>
/// Manages the collection tree: create (at the top or inside another), rename, delete when empty. Closes with
/// <c>true</c> when anything changed, so the caller can refresh its collection lists.
/// </summary>
public sealed partial class CollectionsDialog
{
    private IReadOnlyList<CollectionOption> existing = [];
    private IReadOnlyList<CollectionOption> parents = [];
    private string? newName;
    private Guid newParent = CollectionOptions.None;
    private Guid? renamingId;
    private string? renameText;
    private string? error;
    private bool busy;
    private bool changed;

    [Inject]
    private CollectionService Collections { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var tree = await Collections.TreeAsync(CancellationToken.None);
        existing = CollectionOptions.Flatten(tree);
        parents = CollectionOptions.Flatten(tree, "Top level");
        if (parents.All(p => p.Id != newParent))
        {
            newParent = CollectionOptions.None;
        }
    }

    private void StartRename(CollectionOption collection)
    {
        error = null;
        renamingId = collection.Id;
        renameText = collection.Name;
    }

    private Task CreateAsync() => RunAsync(async actor =>
    {
        var (_, result) = await Collections.CreateAsync(newName, newParent == CollectionOptions.None ? null : newParent, actor, CancellationToken.None);
        if (result.Succeeded)
        {
            newName = null;
        }

        return result;
    });

    private Task RenameAsync(CollectionOption collection) => RunAsync(async actor =>
    {
        var result = await Collections.UpdateAsync(collection.Id, renameText ?? string.Empty, null, false, actor, CancellationToken.None);
        if (result.Succeeded)
        {
            renamingId = null;
        }

        return result;
    });

    private Task DeleteAsync(CollectionOption collection) =>
        RunAsync(actor => Collections.DeleteAsync(collection.Id, actor, CancellationToken.None));

    /// <summary>Runs one change (to the end: changes get no cancellation), shows its refusal in words, and reloads the tree.</summary>
    private async Task RunAsync(Func<PrintStash.Domain.Audit.AuditActor, Task<VaultResult>> change)
    {
        if (busy)
        {
            return;
        }

        busy = true;
        error = null;
        try
        {
            var result = await change(await CurrentUser.GetActorAsync());
            if (result.Succeeded)
            {
                changed = true;
            }
            else
            {
                error = result.Error ?? "The change failed.";
            }

            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }
}
