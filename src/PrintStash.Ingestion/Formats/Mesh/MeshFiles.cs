namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>Opening files for the readers: unbuffered sequential reads, access errors surfaced as <see cref="IOException"/>.</summary>
internal static class MeshFiles
{
    public static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"Cannot read '{path}': access denied.", ex);
        }
    }

    /// <summary>Bytes left in <paramref name="stream"/> when it can tell, otherwise null.</summary>
    public static long? RemainingLength(Stream stream) => stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;
}
