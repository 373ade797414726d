using PrintStash.Ingestion.Formats.Mesh;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Reads 3MF packages (<c>.3mf</c>) and sliced Bambu/Orca packages (<c>.gcode.3mf</c>): placed geometry in millimetres
/// (build and component transforms, production-extension parts, units), object names, thumbnails, slicer settings
/// and slice info. Zip bombs, zip-slip names, DTDs and oversized parts are refused under <see cref="ThreeMfLimits"/>.
/// </summary>
public static class ThreeMfReader
{
    /// <summary>Reads a package file. Throws only <see cref="IOException"/> (file unreadable) and <see cref="OperationCanceledException"/>.</summary>
    public static async Task<MeshReadResult> ReadAsync(string path, MeshReadOptions? options = null, ThreeMfLimits? limits = null, CancellationToken cancellationToken = default)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"Cannot read '{path}': access denied.", ex);
        }

        await using (stream.ConfigureAwait(false))
        {
            return await ReadAsync(stream, Path.GetFileName(path), options, limits, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads a package from <paramref name="stream"/> (non-seekable streams are first copied to memory, up to
    /// <see cref="ThreeMfLimits.MaxTotalUncompressedBytes"/>). <paramref name="fileName"/> only helps to tell <c>.gcode.3mf</c>.
    /// </summary>
    public static async Task<MeshReadResult> ReadAsync(Stream stream, string? fileName, MeshReadOptions? options = null, ThreeMfLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= MeshReadOptions.Default;
        limits ??= ThreeMfLimits.Default;
        var kindByName = FileKinds.FromFileName(fileName ?? string.Empty) == FileKind.GCode3mf ? FileKind.GCode3mf : FileKind.ThreeMf;
        var seekable = stream.CanSeek ? stream : await CopyToMemoryAsync(stream, limits.MaxTotalUncompressedBytes, cancellationToken).ConfigureAwait(false);
        if (seekable is null)
        {
            return new MeshReadResult(FileAnalysis.Empty(kindByName, $"The package is larger than {limits.MaxTotalUncompressedBytes} bytes."), null);
        }

        if (seekable.Length - seekable.Position == 0)
        {
            return new MeshReadResult(FileAnalysis.Empty(kindByName, "The file is empty."), null);
        }

        var problems = new List<string>();
        using var package = SafeZipPackage.Open(seekable, limits, problems);
        if (package is null)
        {
            return new MeshReadResult(FileAnalysis.Empty(kindByName, [.. problems]), null);
        }

        var contents = new PackageAnalyzer(package, limits, options, problems, cancellationToken).Analyze(fileName);
        FileAnalysis? gcode = null;
        if (contents.Kind == FileKind.GCode3mf && contents.PlateGCodePart is { } plate)
        {
            gcode = await EmbeddedGCode.AnalyzeAsync(package, plate, limits, problems, cancellationToken).ConfigureAwait(false);
            foreach (var problem in gcode?.Problems ?? [])
            {
                problems.Add($"Embedded G-code: {problem}");
            }
        }

        return new MeshReadResult(ThreeMfAnalysis.Build(contents, gcode, limits, problems), options.IncludeGeometry ? contents.Geometry : null);
    }

    private static async Task<Stream?> CopyToMemoryAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        var memory = new MemoryStream();
        var buffer = new byte[81_920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + read > maxBytes)
            {
                await memory.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            memory.Write(buffer, 0, read);
        }

        memory.Position = 0;
        return memory;
    }
}
