using System.Text;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// One pass over the read windows of a G-code file: routes every line to the collector that understands it and builds the
/// <see cref="FileAnalysis"/>. Single use.
/// </summary>
internal sealed class GCodeScanner
{
    private readonly List<string> problems = [];
    private readonly ObjectNames labels = new();
    private readonly CommentValues values = new();
    private readonly MotionTracker motion = new();
    private readonly CommandFacts commands;
    private readonly CommentMarkers markers;
    private readonly ThumbnailBlocks thumbnails;
    private SlicerIdentity? slicer;
    private int skippedLongLines;
    private bool atStartOfFile = true;

    public GCodeScanner()
    {
        commands = new CommandFacts(labels);
        markers = new CommentMarkers(motion, labels);
        thumbnails = new ThumbnailBlocks(problems);
    }

    public void Scan(ReadOnlySpan<byte> window, bool startsMidLine, bool endsAtEndOfFile)
    {
        var lines = new LineEnumerator(window, startsMidLine, endsAtEndOfFile, GCodeReader.MaxLineBytes);
        while (lines.MoveNext())
        {
            var line = lines.Current;
            if (atStartOfFile)
            {
                atStartOfFile = false;
                if (line.StartsWith("\uFEFF"u8))
                {
                    line = line[3..]; // UTF-8 byte order mark
                }
            }

            HandleLine(line.TrimStart(" \t"u8));
        }

        skippedLongLines += lines.SkippedLongLines;
        if (endsAtEndOfFile)
        {
            thumbnails.Abort("the file ends inside the thumbnail block (truncated)");
        }
    }

    /// <summary>Reading continues at the tail: state that depends on the skipped middle is invalidated.</summary>
    public void SkipGap()
    {
        thumbnails.Abort("the block runs past the first MiB that is read of a large file");
        values.SkipGap();
        motion.SkipGap();
        markers.SkipGap();
    }

    public FileAnalysis Build()
    {
        if (skippedLongLines > 0)
        {
            problems.Add($"{skippedLongLines} line(s) longer than {GCodeReader.MaxLineBytes / 1024} KiB were skipped.");
        }

        if (values.Overflowed)
        {
            problems.Add($"More than {CommentValues.MaxEntries} key/value comments; the rest were ignored.");
        }

        var raw = values.Build();
        var facts = new ScanFacts
        {
            Slicer = slicer,
            MaxLayerZ = markers.MaxLayerZ,
            MaxExtrudingZ = motion.MaxExtrudingZ,
            FirstLayerZ = motion.FirstLayerZ,
            LastCuraLayer = markers.LastCuraLayer,
            LastSimplify3DLayer = markers.LastSimplify3DLayer,
            LayerChangeCount = markers.CompleteLayerChangeCount,
            LastTimeElapsedSeconds = markers.LastTimeElapsedSeconds,
            FirstRemainingMinutes = commands.FirstRemainingMinutes,
            FilamentMmFromMoves = motion.FilamentMm,
            NozzleFromCommands = commands.FirstWaitNozzle ?? commands.FirstSetNozzle,
            BedFromCommands = commands.FirstWaitBed ?? commands.FirstSetBed,
            NozzleFromStartMacro = commands.MacroNozzle,
            BedFromStartMacro = commands.MacroBed,
            TotalLayersFromMacro = commands.MacroTotalLayers,
        };

        var objectNames = ChooseObjectNames(raw);
        return new FileAnalysis(
            FileKind.GCode,
            PrintMetadataMapper.Map(raw, facts),
            null,
            thumbnails.Thumbnails.ToArray(),
            objectNames.ToArray(),
            raw,
            problems.ToArray());
    }

    /// <summary>
    /// Display names come from the slicer's labels (<c>; printing object</c>, <c>;MESH:</c>, <c>M486 A</c>), else from PrusaSlicer's
    /// <c>objects_info</c>, else from Klipper's sanitised <c>EXCLUDE_OBJECT_DEFINE</c> names.
    /// </summary>
    private IReadOnlyList<string> ChooseObjectNames(IReadOnlyDictionary<string, string> raw)
    {
        if (labels.Names.Count > 0)
        {
            return labels.Names;
        }

        var fromInfo = new ObjectNames();
        if (!ObjectsInfo.TryReadNames(raw.GetValueOrDefault("objects_info"), fromInfo))
        {
            problems.Add("objects_info is not valid JSON; object names skipped.");
        }

        return fromInfo.Names.Count > 0 ? fromInfo.Names : commands.ExcludeObjectNames.Names;
    }

    private void HandleLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return;
        }

        if (line[0] != ';')
        {
            thumbnails.Abort("a G-code line interrupts the thumbnail block");
            var command = GCodeWords.StripDecorations(line);
            var word = GCodeWords.CommandWord(command);
            motion.Handle(word, command);
            commands.Handle(word, command);
            return;
        }

        if (thumbnails.InBlock)
        {
            var data = line[1..];
            if (!data.TrimStart(" \t"u8).StartsWith("thumbnail"u8) || !thumbnails.TryBegin(Encoding.UTF8.GetString(data)))
            {
                thumbnails.Accept(data);
            }

            return;
        }

        HandleComment(Encoding.UTF8.GetString(line[1..]));
    }

    private void HandleComment(string comment)
    {
        if (thumbnails.TryBegin(comment) || markers.TryHandle(comment))
        {
            return;
        }

        if (slicer is null && SlicerIdentity.TryParse(comment) is { } identity)
        {
            slicer = identity;
            values.StoreGenerator(comment.Trim());
            return;
        }

        values.Add(comment, simplify3D: slicer?.Name == "Simplify3D");
    }
}
