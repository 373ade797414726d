using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Storage;

namespace PrintStash.Ingestion.Libraries;

/// <summary>Where a file's bytes are: the content-addressed store, or the file in place in its library volume.</summary>
public sealed class FileContentLocator(IDbContextFactory<PrintStashDbContext> contextFactory, BlobStore blobs)
{
    /// <summary>The path to read, or null when an in-place file's volume is gone or its path would leave the root.</summary>
    public async Task<string?> PathOfAsync(VaultFile file, CancellationToken cancellationToken)
    {
        if (file.LibraryVolumeId is not { } volumeId)
        {
            return blobs.PathOf(file.BlobHash);
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var root = await context.LibraryVolumes.Where(v => v.Id == volumeId).Select(v => v.RootPath).FirstOrDefaultAsync(cancellationToken);
        return root is null || file.LibraryPath is null ? null : InPlacePath(root, file.LibraryPath);
    }

    public static string? InPlacePath(string root, string relativePath)
    {
        if (relativePath.Length == 0 || relativePath.StartsWith('/') || relativePath.Split('/').Any(p => p is ".." or "." or ""))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        return LibraryVolumeRules.IsInside(full, LibraryVolumeRules.Normalize(root)) ? full : null;
    }

    /// <summary>Opens a file's bytes wherever they live (store or volume); null when they are gone.</summary>
    public async Task<Stream?> OpenAsync(Guid? libraryVolumeId, string? libraryPath, string blobHash, CancellationToken cancellationToken) =>
        libraryVolumeId is { } volumeId
            ? await OpenInPlaceAsync(volumeId, libraryPath, cancellationToken)
            : blobs.Exists(blobHash) ? blobs.OpenRead(blobHash) : null;

    /// <summary>Opens an in-place file for reading (download); null when its volume, folder or file is gone.</summary>
    public async Task<Stream?> OpenInPlaceAsync(Guid volumeId, string? libraryPath, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var root = await context.LibraryVolumes.Where(v => v.Id == volumeId).Select(v => v.RootPath).FirstOrDefaultAsync(cancellationToken);
        var path = root is null || libraryPath is null ? null : InPlacePath(root, libraryPath);
        if (path is null)
        {
            return null;
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
