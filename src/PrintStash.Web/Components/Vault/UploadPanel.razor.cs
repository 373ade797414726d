using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using PrintStash.Domain.Settings;
using PrintStash.Web.Api.Contracts;

namespace PrintStash.Web.Components.Vault;

/// <summary>
/// The browser side of uploading: <c>wwwroot/js/upload.js</c> sends each file with its own XMLHttpRequest to
/// <c>POST /api/v1/files</c> and reports progress (throttled there to four updates a second per file) and the answer
/// here. Files never pass through the circuit.
/// </summary>
public sealed partial class UploadPanel : IAsyncDisposable
{
    public const string Accept = ".stl,.3mf,.obj,.step,.stp,.zip,.gcode,.gco,.g,.bgcode";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<UploadItem> items = [];
    private readonly string inputId = $"upload-input-{Guid.NewGuid():N}";
    private ElementReference zone;
    private ElementReference input;
    private IJSObjectReference? module;
    private IJSObjectReference? uploader;
    private DotNetObjectReference<UploadPanel>? self;
    private Guid? configuredModelId;
    private bool disposed;

    /// <summary>Upload into this model; without it every file starts a new model named after it.</summary>
    [Parameter]
    public Guid? ModelId { get; set; }

    /// <summary>What the drop zone says; replaces the default hint.</summary>
    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    [Parameter]
    public string Hint { get; set; } = "Drop STL, 3MF, G-code… here or click Upload.";

    [Parameter]
    public string ButtonText { get; set; } = "Upload";

    /// <summary>A one-line zone instead of a tall one.</summary>
    [Parameter]
    public bool Compact { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private AntiforgeryStateProvider Antiforgery { get; set; } = default!;

    [Inject]
    private ISettingsResolver Settings { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (uploader is not null && configuredModelId != ModelId)
        {
            configuredModelId = ModelId;
            try
            {
                await uploader.InvokeVoidAsync("configure", new { modelId = ModelId?.ToString() });
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone; there is nothing to configure.
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        try
        {
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/upload.js");
            self = DotNetObjectReference.Create(this);
            var maxMegabytes = Settings.Get(SettingCatalog.MaxUploadMegabytes);
            configuredModelId = ModelId;
            uploader = await module.InvokeAsync<IJSObjectReference>("attach", zone, input, self, new
            {
                modelId = ModelId?.ToString(),
                token = Antiforgery.GetAntiforgeryToken()?.Value,
                maxBytes = maxMegabytes * 1024L * 1024L,
                maxText = $"{maxMegabytes} MB",
            });
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException)
        {
            // The page went away while it was starting.
        }
    }

    [JSInvokable]
    public void OnQueued(string id, string name, long size)
    {
        items.Insert(0, new UploadItem(id, name, size));
        StateHasChanged();
    }

    [JSInvokable]
    public void OnProgress(string id, long loaded, long total) => Update(id, item =>
    {
        item.State = UploadState.Sending;
        item.Loaded = Math.Min(loaded, total);
        item.Size = total > 0 ? total : item.Size;
        item.Message = $"Sending… {VaultFormat.Bytes(item.Loaded)} of {VaultFormat.Bytes(item.Size)}";
    });

    [JSInvokable]
    public void OnSent(string id) => Update(id, item =>
    {
        item.State = UploadState.Saving;
        item.Loaded = item.Size;
        item.Message = "Sent; the server is storing it…";
    });

    [JSInvokable]
    public void OnFinished(string id, int status, string body) => Update(id, item => Apply(item, status, body));

    [JSInvokable]
    public void OnFailed(string id, string message) => Update(id, item =>
    {
        item.State = UploadState.Failed;
        item.Message = message;
    });

    [JSInvokable]
    public void OnCancelled(string id) => Update(id, item =>
    {
        item.State = UploadState.Cancelled;
        item.Message = "Cancelled: nothing was stored.";
    });

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        try
        {
            if (uploader is not null)
            {
                await uploader.InvokeVoidAsync("dispose");
                await uploader.DisposeAsync();
            }

            if (module is not null)
            {
                await module.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException)
        {
            // The browser is gone, and its requests with it.
        }

        self?.Dispose();
    }

    /// <summary>Turns the server's answer into a sentence: the pipeline's own message, or what the status means.</summary>
    internal static void Apply(UploadItem item, int status, string body)
    {
        var response = Parse<UploadResponse>(body);
        if (response?.Results is [var result, ..])
        {
            item.State = result.Outcome switch
            {
                "Added" => UploadState.Added,
                "Duplicate" => UploadState.Duplicate,
                _ => UploadState.Rejected,
            };
            item.Message = result.Outcome switch
            {
                "Added" => result.Message + (result.Recommended ? " It is the recommended print file." : string.Empty),
                _ => result.Message,
            };
            item.ModelId = result.ModelId;
            return;
        }

        var detail = Parse<Problem>(body) is { } problem ? problem.Detail ?? problem.Title : null;
        item.State = UploadState.Rejected;
        item.Message = (HttpStatusCode)status switch
        {
            HttpStatusCode.Unauthorized => "You are signed out. Sign in again, then upload the file again.",
            HttpStatusCode.Forbidden => "Your role cannot upload files: ask a Designer or an Admin.",
            HttpStatusCode.RequestEntityTooLarge => detail ?? "The file is larger than this server accepts.",
            >= HttpStatusCode.InternalServerError => $"The server failed to store the file ({status}). Try again; if it keeps failing, tell an Admin.",
            _ => detail ?? $"The server refused the file ({status}).",
        };
    }

    private static T? Parse<T>(string body)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task CancelAsync(UploadItem item)
    {
        if (uploader is not null && item.IsActive)
        {
            await uploader.InvokeVoidAsync("cancel", item.Id);
        }
    }

    private void ClearFinished() => items.RemoveAll(i => !i.IsActive);

    private void Update(string id, Action<UploadItem> change)
    {
        if (disposed || items.Find(i => i.Id == id) is not { } item)
        {
            return;
        }

        change(item);
        StateHasChanged();
    }

    private static string StateIcon(UploadState state) => state switch
    {
        UploadState.Added => "check_circle",
        UploadState.Duplicate => "content_copy",
        UploadState.Rejected or UploadState.Failed => "error",
        UploadState.Cancelled => "cancel",
        _ => "upload",
    };

    private sealed record Problem(string? Title, string? Detail);
}

public enum UploadState
{
    Queued,
    Sending,
    Saving,
    Added,
    Duplicate,
    Rejected,
    Failed,
    Cancelled,
}

/// <summary>One file on its way up, or its result.</summary>
public sealed class UploadItem(string id, string name, long size)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public long Size { get; set; } = size;

    public long Loaded { get; set; }

    public UploadState State { get; set; } = UploadState.Queued;

    public string Message { get; set; } = "Waiting to start…";

    public Guid? ModelId { get; set; }

    public bool IsActive => State is UploadState.Queued or UploadState.Sending or UploadState.Saving;

    public double Percent => Size <= 0 ? (State == UploadState.Saving ? 100 : 0) : Math.Round(100d * Loaded / Size);
}
