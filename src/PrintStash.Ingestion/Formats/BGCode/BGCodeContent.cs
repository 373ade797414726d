using System.Buffers.Binary;
using PrintStash.Ingestion.Formats.GCode;

namespace PrintStash.Ingestion.Formats.BGCode;

/// <summary>Collects what the metadata and thumbnail blocks of one binary G-code file say, and builds the analysis.</summary>
internal sealed class BGCodeContent(List<string> problems)
{
    private static readonly string[] ThumbnailFormats = ["PNG", "JPG", "QOI"];

    private readonly Dictionary<string, string> raw = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ExtractedThumbnail> thumbnails = [];
    private int metadataBlocks;

    public void Add(BGCodeBlock block)
    {
        if (block.Header.Type == BGCodeBlockType.Thumbnail)
        {
            AddThumbnail(block);
            return;
        }

        var encoding = BinaryPrimitives.ReadUInt16LittleEndian(block.Parameters);
        if (encoding != 0)
        {
            problems.Add($"{block.Header.Describe()} uses metadata encoding {encoding}; only INI (0) is read.");
            return;
        }

        metadataBlocks++;
        foreach (var (key, value) in IniMetadata.Parse(block.Data))
        {
            // File, printer and print metadata come before the slicer's full config: the printer-facing values win.
            raw.TryAdd(key, value);
        }
    }

    public FileAnalysis Build()
    {
        if (metadataBlocks == 0)
        {
            problems.Add("No readable metadata block.");
        }

        var objectNames = ReadObjectNames();
        var facts = new ScanFacts { Slicer = Producer() };
        return new FileAnalysis(FileKind.BGCode, PrintMetadataMapper.Map(raw, facts), null, thumbnails.ToArray(), objectNames.ToArray(), raw, problems.ToArray());
    }

    private void AddThumbnail(BGCodeBlock block)
    {
        var format = BinaryPrimitives.ReadUInt16LittleEndian(block.Parameters);
        var width = BinaryPrimitives.ReadUInt16LittleEndian(block.Parameters.AsSpan(2));
        var height = BinaryPrimitives.ReadUInt16LittleEndian(block.Parameters.AsSpan(4));
        var formatName = format < ThumbnailFormats.Length ? ThumbnailFormats[format] : null;
        var label = $"Thumbnail block at offset {block.Header.Offset} ({formatName ?? $"format {format}"} {width}x{height})";
        if (formatName is null)
        {
            problems.Add($"{label}: unknown image format {format}; the data decides.");
        }

        var thumbnail = ThumbnailFactory.Create(block.Data, formatName, width, height, label, problems);
        if (thumbnail is not null)
        {
            thumbnails.Add(thumbnail);
        }
    }

    /// <summary>File metadata <c>Producer=PrusaSlicer 2.7.1+win64</c>.</summary>
    private SlicerIdentity? Producer()
    {
        if (!raw.TryGetValue("Producer", out var producer) || string.IsNullOrWhiteSpace(producer))
        {
            return null;
        }

        var space = producer.Trim().LastIndexOf(' ');
        return space > 0 ? new SlicerIdentity(producer[..space].Trim(), producer[(space + 1)..].Trim()) : new SlicerIdentity(producer.Trim(), null);
    }

    /// <summary>Printer metadata <c>objects_info={"objects":[{"name":"bracket_stl","polygon":[...]}]}</c>.</summary>
    private IReadOnlyList<string> ReadObjectNames()
    {
        var names = new ObjectNames();
        if (!ObjectsInfo.TryReadNames(raw.GetValueOrDefault("objects_info"), names))
        {
            problems.Add("objects_info is not valid JSON; object names skipped.");
        }

        return names.Names;
    }
}
