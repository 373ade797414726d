using System.Security.Cryptography;

namespace PrintStash.Ingestion.Storage;

/// <summary>
/// Content-addressed storage: bytes are staged to a temp file (hashed on the way, fsynced), then renamed into
/// place under their SHA-256. Identical content is stored once; a rename never overwrites.
/// </summary>
public sealed class BlobStore(StoragePaths paths)
{
    private const int BufferSize = 1 << 20;

    /// <summary>Start write-back every this many bytes while staging, so the disk works while the next bytes are hashed.</summary>
    private const long WriteBackEvery = 8L << 20;

    /// <summary>
    /// Streams <paramref name="source"/> into a temp file in the storage filesystem, hashing on the way, and fsyncs it.
    /// Reading and hashing a chunk overlap with writing the previous one, and write-back starts every few MiB.
    /// </summary>
    public async Task<StagedBlob> StageAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        var tempPath = paths.NewTempPath();
        Directory.CreateDirectory(paths.TempRoot);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            await using (var target = OpenTemp(tempPath, PreallocationFor(source, maxBytes)))
            {
                var handle = target.SafeFileHandle;
                var current = new byte[BufferSize];
                var next = new byte[BufferSize];
                var pendingWrite = Task.CompletedTask;
                long writtenBack = 0;
                int read;
                while ((read = await source.ReadAsync(current, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        await pendingWrite;
                        throw new FileTooLargeException(maxBytes);
                    }

                    hash.AppendData(current, 0, read);
                    await pendingWrite;
                    if (size - read - writtenBack >= WriteBackEvery)
                    {
                        FileSystemCalls.StartWriteBack(handle, writtenBack, size - read - writtenBack);
                        writtenBack = size - read;
                    }

                    var chunk = current;
                    var length = read;
                    var offset = size - read;
                    pendingWrite = Task.Run(() => RandomAccess.Write(handle, chunk.AsSpan(0, length), offset), cancellationToken);
                    (current, next) = (next, current);
                }

                await pendingWrite;
                if (size < PreallocationFor(source, maxBytes))
                {
                    RandomAccess.SetLength(handle, size);
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

    /// <summary>
    /// Takes over a file its owner hands over (see <c>IngestRequest.HandOverPath</c>): when it is on the storage
    /// filesystem it is renamed into the temp area — no byte copied — and hashed there. Returns null, leaving the file
    /// where it is, when it lives on another filesystem; the caller streams it instead.
    /// </summary>
    public async Task<StagedBlob?> TryAdoptAsync(string sourcePath, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.TempRoot);
        var tempPath = paths.NewTempPath();

        // Read-only is enough (fsync works on any descriptor), and shared: the owner may still hold it open.
        await using var file = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);

        // fsync before the rename: a file that is already on disk costs nothing here, whereas after the rename its
        // changed inode would force a journal commit. The rename itself is made durable with the blob's directory.
        FileSystemCalls.FlushFile(file.SafeFileHandle);
        if (!FileSystemCalls.TryRenameWithinFileSystem(sourcePath, tempPath))
        {
            return null;
        }

        try
        {
            if (file.Length > maxBytes)
            {
                throw new FileTooLargeException(maxBytes);
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[BufferSize];
            long size = 0;
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }

            return new StagedBlob(tempPath, Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>
    /// Moves a staged file into the store; the result is false when the blob already existed (the temp file is
    /// dropped). The rename happens before this returns; the task completes once the blob's directory is fsynced
    /// (the name is on disk), so a caller can do other work meanwhile and must await it before committing a row.
    /// </summary>
    public Task<bool> CommitAsync(StagedBlob staged)
    {
        var finalPath = paths.BlobPath(staged.Hash);
        if (File.Exists(finalPath))
        {
            TryDelete(staged.TempPath);
            return Task.FromResult(false);
        }

        var directory = Path.GetDirectoryName(finalPath)!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            FileSystemCalls.FlushDirectory(Path.GetDirectoryName(directory)!);
            FileSystemCalls.FlushDirectory(Path.GetDirectoryName(Path.GetDirectoryName(directory))!);
        }

        try
        {
            File.Move(staged.TempPath, finalPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(finalPath))
        {
            // Another upload of the same bytes won the race: its blob is identical.
            TryDelete(staged.TempPath);
            return Task.FromResult(false);
        }

        return FlushDirectories
            ? Task.Run(() =>
            {
                FileSystemCalls.FlushDirectory(directory);
                return true;
            })
            : Task.FromResult(true);
    }

    /// <summary>
    /// fsync of the blob's directory after the rename. On ext4 and XFS the database commit that follows flushes the
    /// journal and with it the rename, so this is belt and braces there; on filesystems that log per inode (btrfs)
    /// it is what makes the name durable. Switchable only to measure its cost.
    /// </summary>
    public bool FlushDirectories { get; set; } = true;

    /// <summary>Creates the temp file, reserving the expected length up front when it is known (less fragmentation; a full disk shows at once).</summary>
    private static FileStream OpenTemp(string path, long preallocation)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0, PreallocationSize = preallocation };
        try
        {
            return new FileStream(path, options);
        }
        catch (IOException ex) when (preallocation > 0 && !File.Exists(path))
        {
            // .NET reports a failed reservation without the ENOSPC code; the only reasons are no space or a size over the filesystem's limit.
            throw new StorageFullException(ex.Message, ex);
        }
    }

    private static long PreallocationFor(Stream source, long maxBytes)
    {
        try
        {
            return source.CanSeek ? Math.Clamp(source.Length - source.Position, 0, maxBytes) : 0;
        }
        catch (NotSupportedException)
        {
            return 0;
        }
    }

    public async Task<string> PutAsync(byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        var staged = await StageAsync(stream, long.MaxValue, cancellationToken);
        await CommitAsync(staged);
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
