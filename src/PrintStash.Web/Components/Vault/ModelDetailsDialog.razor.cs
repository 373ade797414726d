using Microsoft.AspNetCore.Components;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;
using Radzen;

namespace PrintStash.Web.Components.Vault;

/// <summary>
/// Edits a model's name, description, creator, source, license, notes, tags and collection. Closes with <c>true</c>
/// once saved; when the service refuses, it stays open and says why.
/// </summary>
public sealed partial class ModelDetailsDialog
{
    private IReadOnlyList<CollectionOption> collections = [];
    private string? name;
    private string? description;
    private string? creator;
    private string? sourceUrl;
    private string? license;
    private string? notes;
    private string? tags;
    private Guid collectionId = CollectionOptions.None;
    private string? error;
    private bool saving;

    [Parameter, EditorRequired]
    public ModelDetail Model { get; set; } = default!;

    [Inject]
    private ModelEditor Editor { get; set; } = default!;

    [Inject]
    private CollectionService Collections { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        name = Model.Name;
        description = Model.Description;
        creator = Model.Creator;
        sourceUrl = Model.SourceUrl;
        license = Model.License;
        notes = Model.Notes;
        tags = string.Join(", ", Model.Tags);
        collectionId = Model.CollectionId ?? CollectionOptions.None;
        collections = CollectionOptions.Flatten(await Collections.TreeAsync(CancellationToken.None), "None");
    }

    /// <summary>Comma-separated tags as a list: trimmed, blanks dropped, duplicates (any case) once.</summary>
    public static IReadOnlyList<string> ParseTags(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    private async Task SaveAsync()
    {
        if (saving)
        {
            return;
        }

        saving = true;
        error = null;
        try
        {
            // Empty strings clear optional fields; the name is always sent so an emptied name is refused, not ignored.
            var edit = new ModelEdit(
                Name: name ?? string.Empty,
                Description: description ?? string.Empty,
                Creator: creator ?? string.Empty,
                SourceUrl: sourceUrl ?? string.Empty,
                License: license ?? string.Empty,
                Notes: notes ?? string.Empty,
                Tags: ParseTags(tags),
                CollectionId: collectionId == CollectionOptions.None ? null : collectionId,
                ClearCollection: collectionId == CollectionOptions.None);

            // Saved to the end even if the dialog closes meanwhile: changes get no cancellation.
            var result = await Editor.UpdateAsync(Model.Id, edit, await CurrentUser.GetActorAsync(), CancellationToken.None);
            if (result.Succeeded)
            {
                Dialogs.Close(true);
            }
            else
            {
                error = result.Error ?? "The details could not be saved.";
            }
        }
        finally
        {
            saving = false;
        }
    }
}
