using System.IO.Compression;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// A read-only view of a zip archive that enforces <see cref="ThreeMfLimits"/>: entry count checked before opening,
/// unsafe entry names ignored, declared and actual expansion bounded per part and for the whole package.
/// </summary>
internal sealed class SafeZipPackage : IDisposable
{
    private const int MaxListedUnsafeNames = 5;

    private readonly ZipArchive _archive;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;
    private readonly ThreeMfLimits _limits;
    private readonly ByteBudget _budget;

    private SafeZipPackage(ZipArchive archive, Dictionary<string, ZipArchiveEntry> entries, ThreeMfLimits limits)
    {
        _archive = archive;
        _entries = entries;
        _limits = limits;
        _budget = new ByteBudget(limits.MaxTotalUncompressedBytes);
    }

    /// <summary>Entry names (no leading slash) of the files that passed the name check, in archive order.</summary>
    public IReadOnlyCollection<string> EntryNames => _entries.Keys;

    /// <summary>Opens <paramref name="stream"/> (seekable) as a zip archive; null, with a problem, when it is not a usable one.</summary>
    public static SafeZipPackage? Open(Stream stream, ThreeMfLimits limits, List<string> problems)
    {
        var declaredCount = ZipDirectoryProbe.TryReadEntryCount(stream);
        if (declaredCount > limits.MaxEntries)
        {
            problems.Add($"The archive declares {declaredCount} entries, more than the limit of {limits.MaxEntries}; it was not opened.");
            return null;
        }

        ZipArchive archive;
        IReadOnlyCollection<ZipArchiveEntry> entries;
        try
        {
            archive = new ZipArchive(new ArchiveSourceStream(stream), ZipArchiveMode.Read, leaveOpen: true);
            entries = archive.Entries;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or NotSupportedException or ArgumentException)
        {
            problems.Add($"The file is not a readable zip archive: {ex.Message}");
            return null;
        }

        var package = Index(archive, entries, limits, problems);
        if (package is null)
        {
            archive.Dispose();
        }

        return package;
    }

    public bool Contains(string partName) => _entries.ContainsKey(partName);

    /// <summary>
    /// Opens a part for reading through the limits; null (with a problem) when it is missing or refused up front.
    /// Reading past a limit throws <see cref="PackageLimitExceededException"/>.
    /// </summary>
    public Stream? OpenPart(string partName, long maxBytes, List<string> problems)
    {
        if (!_entries.TryGetValue(partName, out var entry))
        {
            return null;
        }

        var declared = entry.Length;
        var compressed = Math.Max(1, entry.CompressedLength);
        if (declared > maxBytes)
        {
            problems.Add($"Part '{partName}' is too large ({declared} bytes, limit {maxBytes}); it was skipped.");
            return null;
        }

        if (declared > _limits.RatioCheckMinBytes && declared > compressed * _limits.MaxCompressionRatio)
        {
            problems.Add($"Part '{partName}' expands {declared / (double)compressed:F0}× (limit {_limits.MaxCompressionRatio}×); it was skipped as a possible zip bomb.");
            return null;
        }

        if (declared > _budget.Remaining)
        {
            problems.Add($"Part '{partName}' would exceed the package limit of {_budget.Limit} uncompressed bytes; it was skipped.");
            return null;
        }

        var ratioCap = (long)Math.Min(long.MaxValue / 2, Math.Max(_limits.RatioCheckMinBytes, compressed * _limits.MaxCompressionRatio));
        var (limit, description) = Smallest(
            (maxBytes, "part size limit"),
            (_budget.Remaining, "package size limit"),
            (ratioCap, $"compression ratio limit {_limits.MaxCompressionRatio}×"));
        try
        {
            return new LimitedReadStream(entry.Open(), limit, description, _budget);
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException)
        {
            problems.Add($"Part '{partName}' cannot be decompressed: {ex.Message}");
            return null;
        }
    }

    /// <summary>Reads a whole part into memory through the limits; null (with a problem) on any failure.</summary>
    public byte[]? ReadPart(string partName, long maxBytes, List<string> problems)
    {
        using var stream = OpenPart(partName, maxBytes, problems);
        if (stream is null)
        {
            return null;
        }

        try
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (Exception ex) when (IsContentError(ex))
        {
            problems.Add($"Part '{partName}' could not be read: {ex.Message}");
            return null;
        }
    }

    public void Dispose() => _archive.Dispose();

    /// <summary>Exceptions that mean "bad package content", as opposed to a failing disk.</summary>
    public static bool IsContentError(Exception ex) =>
        ex is InvalidDataException or PackageLimitExceededException or EndOfStreamException or NotSupportedException
            or System.Xml.XmlException or System.Text.Json.JsonException or System.Text.DecoderFallbackException;

    private static SafeZipPackage? Index(ZipArchive archive, IReadOnlyCollection<ZipArchiveEntry> entries, ThreeMfLimits limits, List<string> problems)
    {
        if (entries.Count > limits.MaxEntries)
        {
            problems.Add($"The archive has {entries.Count} entries, more than the limit of {limits.MaxEntries}; it was not opened.");
            return null;
        }

        long declaredTotal = 0;
        var unsafeNames = new List<string>();
        var index = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            declaredTotal += Math.Max(0, entry.Length);
            var name = entry.FullName;
            if (!PartNames.IsSafeEntryName(name))
            {
                unsafeNames.Add(name);
                continue;
            }

            if (name.EndsWith('/'))
            {
                continue; // folder entry
            }

            index.TryAdd(name, entry);
        }

        if (unsafeNames.Count > 0)
        {
            var listed = string.Join(", ", unsafeNames.Take(MaxListedUnsafeNames).Select(n => $"'{n}'"));
            var more = unsafeNames.Count > MaxListedUnsafeNames ? $" and {unsafeNames.Count - MaxListedUnsafeNames} more" : string.Empty;
            problems.Add($"Ignored {unsafeNames.Count} zip entr{(unsafeNames.Count == 1 ? "y" : "ies")} with unsafe names (path traversal, absolute path or backslash): {listed}{more}.");
        }

        if (declaredTotal > limits.MaxTotalUncompressedBytes)
        {
            problems.Add($"The archive declares {declaredTotal} uncompressed bytes, more than the limit of {limits.MaxTotalUncompressedBytes}; it was not opened.");
            return null;
        }

        return new SafeZipPackage(archive, index, limits);
    }

    private static (long Limit, string Description) Smallest(params (long Limit, string Description)[] candidates) =>
        candidates.MinBy(c => c.Limit);
}
