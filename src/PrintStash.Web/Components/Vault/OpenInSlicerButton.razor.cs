using Microsoft.AspNetCore.Components;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;
using PrintStash.Web.Slicing;

namespace PrintStash.Web.Components.Vault;

public sealed partial class OpenInSlicerButton
{
    [Parameter, EditorRequired]
    public FileView File { get; set; } = default!;

    [Parameter, EditorRequired]
    public IReadOnlyList<SlicerApp> Apps { get; set; } = [];

    [Inject]
    private SlicerLinks Links { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Slicers open meshes and projects; G-code goes to printers, not back into a slicer.</summary>
    public static bool IsOpenable(string kind) => kind is "Stl" or "Obj" or "ThreeMf" or "Step";

    private async Task OpenAsync(string key)
    {
        var app = SlicerApps.Find(key) ?? Apps[0];
        // A fresh link on every click: the page may have been open longer than a link lives.
        var (path, _) = Links.Create(File.Id, File.DisplayName, await CurrentUser.GetUserIdAsync());
        var downloadUrl = Navigation.BaseUri.TrimEnd('/') + path;
        Navigation.NavigateTo(app.OpenUrl(downloadUrl));
    }
}
