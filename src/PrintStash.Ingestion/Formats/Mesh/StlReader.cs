namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>Reads binary and ASCII STL: triangle count, bounding box, volume, surface and (optionally) the triangles.</summary>
public static class StlReader
{
    private const int HeadBytes = 512;

    /// <summary>Reads an STL file. Throws only <see cref="IOException"/> (file unreadable) and <see cref="OperationCanceledException"/>.</summary>
    public static MeshReadResult Read(string path, MeshReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var stream = MeshFiles.OpenRead(path);
        return Read(stream, options, cancellationToken);
    }

    /// <summary>Reads an STL from the current position of <paramref name="stream"/> to its end. Seekable streams allow the size check.</summary>
    public static MeshReadResult Read(Stream stream, MeshReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= MeshReadOptions.Default;
        var length = MeshFiles.RemainingLength(stream);
        var head = new byte[HeadBytes];
        var headLength = stream.ReadAtLeast(head, HeadBytes, throwOnEndOfStream: false);
        if (headLength == 0)
        {
            return new MeshReadResult(FileAnalysis.Empty(FileKind.Stl, "The file is empty."), null);
        }

        var headSpan = head.AsSpan(0, headLength);
        return StlFormat.Detect(headSpan, length) switch
        {
            StlEncoding.Binary => BinaryStlParser.Parse(stream, headSpan, length, options, cancellationToken),
            StlEncoding.Ascii => AsciiStlParser.Parse(stream, headSpan, length, options, cancellationToken),
            _ => new MeshReadResult(FileAnalysis.Empty(FileKind.Stl, $"The file is too short ({headLength} bytes) to be a binary STL and is not ASCII STL."), null),
        };
    }
}
