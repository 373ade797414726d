namespace PrintStash.Ingestion.Storage;

/// <summary>Bytes written and flushed to a temp file in the storage filesystem, hashed, not yet in the blob store.</summary>
public sealed record StagedBlob(string TempPath, string Hash, long Size);

public sealed class FileTooLargeException(long limitBytes)
    : Exception($"The file is larger than the limit of {limitBytes / (1024 * 1024)} MB.")
{
    public long LimitBytes { get; } = limitBytes;
}

/// <summary>The storage filesystem has no room for the file.</summary>
public sealed class StorageFullException(string message, Exception inner) : IOException(message, inner);
