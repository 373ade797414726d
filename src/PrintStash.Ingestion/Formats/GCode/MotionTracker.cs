namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Follows Z and E through the moves that were read, for the values a header may lack or fake (standalone CuraEngine writes
/// placeholders): the highest Z at which material was extruded, the Z of Cura's <c>;LAYER:0</c>, and the filament length.
/// Filament is counted from the first layer marker on, so start-G-code purge lines are left out; absolute E is summed across
/// <c>G92 E</c> resets. When the middle of a large file is skipped the count assumes no reset happened there and is dropped
/// when the tail's E values contradict that, or when extrusion is relative (the skipped part cannot be known).
/// </summary>
internal sealed class MotionTracker
{
    private const double GapRetractTolerance = 15; // mm of E a retract/wipe may legitimately go below the last maximum

    private bool relativePositioning; // G91
    private bool extruderRelativeMode; // M83: survives G90 in Marlin and Klipper; E is relative while either is set
    private double? z;
    private double? lastAbsoluteE;
    private bool expectFirstLayerZ;

    private bool counting;
    private bool countBroken;
    private bool relativeCounted;
    private bool checkContinuity;
    private double segmentBase;
    private double segmentMax;
    private double countedBeforeSegment;

    public double? MaxExtrudingZ { get; private set; }

    public double? FirstLayerZ { get; private set; }

    public double? FilamentMm => counting && !countBroken ? countedBeforeSegment + (segmentMax - segmentBase) : null;

    public void OnLayerMarker(bool isFirstLayer)
    {
        if (isFirstLayer && FirstLayerZ is null)
        {
            expectFirstLayerZ = true;
        }

        if (!counting)
        {
            counting = true;
            segmentBase = Math.Max(segmentBase, lastAbsoluteE ?? segmentBase);
            segmentMax = segmentBase;
        }
    }

    public void SkipGap()
    {
        z = null;
        lastAbsoluteE = null;
        expectFirstLayerZ = false;
        checkContinuity = true;
        if (relativeCounted || extruderRelativeMode)
        {
            countBroken = true;
        }
    }

    /// <summary>Feeds one command line (decorations stripped) with its command word.</summary>
    public void Handle(ReadOnlySpan<byte> word, ReadOnlySpan<byte> command)
    {
        if (word.Length < 2 || (word[0] | 0x20) is not ((byte)'g' or (byte)'m'))
        {
            return;
        }

        if (GCodeWords.IsCommand(word, "G1"u8) || GCodeWords.IsCommand(word, "G0"u8) || GCodeWords.IsCommand(word, "G2"u8) || GCodeWords.IsCommand(word, "G3"u8))
        {
            Move(command);
        }
        else if (GCodeWords.IsCommand(word, "G92"u8))
        {
            SetPosition(command);
        }
        else if (GCodeWords.IsCommand(word, "G90"u8) || GCodeWords.IsCommand(word, "G91"u8))
        {
            relativePositioning = word[2] == '1';
        }
        else if (GCodeWords.IsCommand(word, "M82"u8) || GCodeWords.IsCommand(word, "M83"u8))
        {
            extruderRelativeMode = word[2] == '3';
        }
    }

    private void Move(ReadOnlySpan<byte> command)
    {
        var words = MoveWords.Read(command);
        if (words.Z is { } newZ)
        {
            z = relativePositioning ? z + newZ : newZ;
            if (expectFirstLayerZ && z is not null)
            {
                FirstLayerZ = z;
                expectFirstLayerZ = false;
            }
        }

        if (words.E is not { } e)
        {
            return;
        }

        bool extruding;
        if (relativePositioning || extruderRelativeMode)
        {
            extruding = e > 0;
            if (counting && !relativePositioning)
            {
                // M83 body: E is net (retract and prime cancel out). E under G91 alone is end-G-code retraction: ignored.
                countedBeforeSegment += e;
                relativeCounted = true;
            }
        }
        else
        {
            extruding = lastAbsoluteE is { } previous && e > previous;
            if (counting)
            {
                if (checkContinuity && e < segmentMax - GapRetractTolerance)
                {
                    countBroken = true; // E went back: a G92 reset happened in the part that was skipped
                }

                segmentMax = Math.Max(segmentMax, e);
            }

            checkContinuity = false;
            lastAbsoluteE = e;
        }

        if (extruding && words.HasXY && z is { } at)
        {
            MaxExtrudingZ = Math.Max(MaxExtrudingZ ?? at, at);
        }
    }

    private void SetPosition(ReadOnlySpan<byte> command)
    {
        if (GCodeWords.TryGetParameter(command, (byte)'Z', out var newZ))
        {
            z = newZ;
        }

        var hasE = GCodeWords.TryGetParameter(command, (byte)'E', out var e);
        if (!hasE && GCodeWords.CommandWord(command).Length == command.Length)
        {
            hasE = true; // bare "G92" zeroes every axis
            e = 0;
        }

        if (!hasE || relativePositioning || extruderRelativeMode)
        {
            return;
        }

        if (counting)
        {
            countedBeforeSegment += segmentMax - segmentBase;
        }

        segmentBase = e;
        segmentMax = e;
        lastAbsoluteE = e;
        checkContinuity = false;
    }
}
