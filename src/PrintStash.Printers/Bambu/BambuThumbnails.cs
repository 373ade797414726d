using System.IO.Compression;
using PrintStash.Printers.Ftps;

namespace PrintStash.Printers.Bambu;

/// <summary>
/// The picture of the running job: a sliced .gcode.3mf carries one PNG per plate (Metadata/plate_N.png). The archive is
/// fetched over FTPS into a temp file (a ZIP is read from its end, so it cannot be streamed) and deleted at once.
/// </summary>
internal static class BambuThumbnails
{
    public const long MaxArchiveBytes = 512L * 1024 * 1024;
    private const long MaxImageBytes = 4 * 1024 * 1024;

    /// <summary>FTPS path of the file a report names, or null when it is not a downloadable 3MF (X1 RAM paths, plain G-code).</summary>
    public static string? RemotePath(string? gcodeFile)
    {
        if (string.IsNullOrEmpty(gcodeFile) || !gcodeFile.EndsWith(".3mf", StringComparison.OrdinalIgnoreCase) || gcodeFile.StartsWith("/data/", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var prefix in new[] { "/mnt/sdcard/", "/sdcard/", "file:///sdcard/", "ftp:///" })
        {
            if (gcodeFile.StartsWith(prefix, StringComparison.Ordinal))
            {
                return "/" + gcodeFile[prefix.Length..];
            }
        }

        return gcodeFile.StartsWith('/') ? gcodeFile : "/" + gcodeFile;
    }

    public static async Task<byte[]?> FetchAsync(FtpsClient ftps, string remotePath, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetTempPath(), "printstash-bambu-" + Guid.NewGuid().ToString("N") + ".3mf");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await ftps.DownloadAsync(remotePath, file, MaxArchiveBytes, cancellationToken);
            }

            return await ExtractAsync(temp, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Plate 1's PNG, else the first plate PNG; null when the archive has none or is not a ZIP.</summary>
    internal static async Task<byte[]?> ExtractAsync(string archivePath, CancellationToken cancellationToken)
    {
        try
        {
            await using var archive = await ZipFile.OpenReadAsync(archivePath, cancellationToken);
            var entry = archive.GetEntry("Metadata/plate_1.png")
                ?? archive.Entries.FirstOrDefault(e => e.FullName.StartsWith("Metadata/plate_", StringComparison.Ordinal) && e.FullName.EndsWith(".png", StringComparison.Ordinal));
            if (entry is null || entry.Length > MaxImageBytes)
            {
                return null;
            }

            await using var stream = await entry.OpenAsync(cancellationToken);
            using var buffer = new MemoryStream((int)entry.Length);
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
