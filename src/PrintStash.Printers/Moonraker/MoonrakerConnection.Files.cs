using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Moonraker;

internal sealed partial class MoonrakerConnection
{
    /// <summary>When print_stats.filename changes: load the file's metadata (ETA, layers) and its largest thumbnail.</summary>
    private void OnFileMaybeChanged(MoonrakerRpcClient client)
    {
        var file = objects.String("print_stats", "filename") is { Length: > 0 } name ? name : null;
        if (file == currentFile)
        {
            return;
        }

        currentFile = file;
        metadata = null;
        var generation = Interlocked.Increment(ref fileGeneration);
        fileWork?.Cancel();
        fileWork?.Dispose();
        fileWork = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
        var previous = fileTask;
        fileTask = file is null
            ? ClearThumbnailAsync(previous, generation)
            : LoadFileAsync(client, previous, file, generation, fileWork.Token);
    }

    private async Task ClearThumbnailAsync(Task previous, int generation)
    {
        await AwaitQuietly(previous);
        if (generation == Volatile.Read(ref fileGeneration))
        {
            sink.ThumbnailChanged(null, null);
        }
    }

    private async Task LoadFileAsync(MoonrakerRpcClient client, Task previous, string file, int generation, CancellationToken cancellationToken)
    {
        await AwaitQuietly(previous);
        MoonrakerFileMetadata? loaded = null;
        for (var attempt = 1; attempt <= Math.Max(1, options.MetadataAttempts) && loaded is null; attempt++)
        {
            try
            {
                var result = await client.CallAsync("server.files.metadata", new JsonObject { ["filename"] = file }, cancellationToken);
                loaded = MoonrakerFileMetadata.Parse(file, result);
            }
            catch (MoonrakerRequestException) when (attempt < options.MetadataAttempts)
            {
                // Moonraker parses a new file asynchronously and answers 404 until it is done.
                await Task.Delay(options.MetadataRetryDelay, time, cancellationToken);
            }
            catch (MoonrakerRequestException)
            {
                break;
            }
        }

        if (loaded is null || generation != Volatile.Read(ref fileGeneration))
        {
            return;
        }

        loadedMetadata = loaded;
        client.Post(new MoonrakerNotification(MetadataLoaded, default));

        (byte[] Bytes, string ContentType)? thumbnail = null;
        if (loaded.ThumbnailPath is { } path)
        {
            try
            {
                thumbnail = await http.DownloadGcodeFileAsync(path, options.MaxThumbnailBytes, cancellationToken);
            }
            catch (HttpRequestException)
            {
                thumbnail = null;
            }
        }

        if (generation == Volatile.Read(ref fileGeneration))
        {
            sink.ThumbnailChanged(thumbnail?.Bytes, thumbnail?.ContentType);
        }
    }

    private static async Task AwaitQuietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or MoonrakerProtocolException or MoonrakerRequestException or HttpRequestException or JsonException or ObjectDisposedException or IOException)
        {
            // Superseded work; its failure only cost a thumbnail.
        }
    }
}
