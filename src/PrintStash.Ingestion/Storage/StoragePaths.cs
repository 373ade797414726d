using Microsoft.Extensions.Options;
using PrintStash.Domain.Settings;

namespace PrintStash.Ingestion.Storage;

/// <summary>
/// Layout of the storage root (data dir/storage): blobs/ab/cd/&lt;sha256&gt;, tmp/ for uploads in flight (same
/// filesystem, so the final rename is atomic) and models/&lt;id&gt;/printstash.json sidecars.
/// </summary>
public sealed class StoragePaths(IOptions<PrintStashOptions> options)
{
    public string Root => Path.Combine(options.Value.DataDirFullPath, "storage");

    public string BlobsRoot => Path.Combine(Root, "blobs");

    public string TempRoot => Path.Combine(Root, "tmp");

    public string ModelsRoot => Path.Combine(Root, "models");

    public const string TempSuffix = ".part";

    /// <summary>The path of a blob. Only a well-formed hash is accepted, so nothing from outside can point elsewhere.</summary>
    public string BlobPath(string hash)
    {
        if (!BlobHashes.IsValid(hash))
        {
            throw new ArgumentException("Not a SHA-256 hex hash.", nameof(hash));
        }

        return Path.Combine(BlobsRoot, hash[..2], hash[2..4], hash);
    }

    public string ModelFolder(Guid modelId) => Path.Combine(ModelsRoot, modelId.ToString("N"));

    public string NewTempPath() => Path.Combine(TempRoot, Guid.NewGuid().ToString("N") + TempSuffix);

    public void EnsureExists()
    {
        Directory.CreateDirectory(BlobsRoot);
        Directory.CreateDirectory(TempRoot);
        Directory.CreateDirectory(ModelsRoot);
    }
}

public static class BlobHashes
{
    public static bool IsValid(string? hash) =>
        hash is { Length: 64 } && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
