namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>Reads Wavefront OBJ geometry (<c>v</c> and <c>f</c>; polygons fan-triangulated; <c>v/vt/vn</c> and negative indices).</summary>
public static class ObjReader
{
    /// <summary>Reads an OBJ file. Throws only <see cref="IOException"/> (file unreadable) and <see cref="OperationCanceledException"/>.</summary>
    public static MeshReadResult Read(string path, MeshReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var stream = MeshFiles.OpenRead(path);
        return Read(stream, options, cancellationToken);
    }

    /// <summary>Reads OBJ text from the current position of <paramref name="stream"/> to its end.</summary>
    public static MeshReadResult Read(Stream stream, MeshReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new ObjParser(options ?? MeshReadOptions.Default, MeshFiles.RemainingLength(stream)).Parse(stream, cancellationToken);
    }
}
