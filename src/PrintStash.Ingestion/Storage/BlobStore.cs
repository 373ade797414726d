using System.Security.Cryptography;

namespace PrintStash.Ingestion.Storage;

/// <summary>
/// Content-addressed storage: bytes are staged to a temp file (hashed on the way, fsynced), then renamed into
/// place under their SHA-256. Identical content is stored once; a rename never overwrites.
/// </summary>
public sealed class BlobStore(StoragePaths paths)
{
    private const int BufferSize = 1 << 20;

    public async Task<StagedBlob> StageAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        var tempPath = paths.NewTempPath();
        Directory.CreateDirectory(paths.TempRoot);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            await using (var target = new FileStream(tempPath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            }))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        throw new FileTooLargeException(maxBytes);
                    }

                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                target.Flush(flushToDisk: true);
            }

            return new StagedBlob(tempPath, Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>Moves a staged file into the store; returns false when the blob already existed (the temp file is dropped).</summary>
    public bool Commit(StagedBlob staged)
    {
        var finalPath = paths.BlobPath(staged.Hash);
        if (File.Exists(finalPath))
        {
            TryDelete(staged.TempPath);
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        try
        {
            File.Move(staged.TempPath, finalPath, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(finalPath))
        {
            // Another upload of the same bytes won the race: its blob is identical.
            TryDelete(staged.TempPath);
            return false;
        }
    }

    public async Task<string> PutAsync(byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        var staged = await StageAsync(stream, long.MaxValue, cancellationToken);
        Commit(staged);
        return staged.Hash;
    }

    public bool Exists(string hash) => BlobHashes.IsValid(hash) && File.Exists(paths.BlobPath(hash));

    public string PathOf(string hash) => paths.BlobPath(hash);

    public Stream OpenRead(string hash) =>
        new FileStream(paths.BlobPath(hash), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public void Delete(string hash) => TryDelete(paths.BlobPath(hash));

    public void Discard(StagedBlob staged) => TryDelete(staged.TempPath);

    /// <summary>Every blob on disk (for the recovery report); names that are not hashes are skipped.</summary>
    public IEnumerable<string> EnumerateHashes() =>
        Directory.Exists(paths.BlobsRoot)
            ? Directory.EnumerateFiles(paths.BlobsRoot, "*", SearchOption.AllDirectories).Select(path => Path.GetFileName(path)).Where(BlobHashes.IsValid)
            : [];

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the startup recovery pass.
        }
        catch (UnauthorizedAccessException)
        {
            // Left for the startup recovery pass.
        }
    }
}
