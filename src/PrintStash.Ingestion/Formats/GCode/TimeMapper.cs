namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>Estimated print time: slicer statistic first, Cura's header or last <c>;TIME_ELAPSED:</c>, then <c>M73 R</c> at start.</summary>
internal static class TimeMapper
{
    public static TimeSpan? Map(SlicerValues values, ScanFacts facts, bool curaPlaceholder)
    {
        // Prusa/Super/Orca footer; Bambu (and Orca for Bambu printers) header: "total" includes preparation, "model" does not.
        if (Duration(values.Get("estimated printing time (normal mode)", "estimated printing time", "total estimated time", "model printing time")) is { } slicer)
        {
            return slicer;
        }

        if (!curaPlaceholder && DurationText.TryParseSeconds(values.Get("TIME", "PRINT.TIME"), out var cura) && cura > TimeSpan.Zero)
        {
            return cura;
        }

        // Standalone CuraEngine: the header says 6666; the last ;TIME_ELAPSED: (written after every layer) is the real total.
        if (facts.LastTimeElapsedSeconds is { } elapsed && DurationText.TryFromSeconds(elapsed, out var total) && total > TimeSpan.Zero)
        {
            return total;
        }

        if (Duration(values.Get("Build time", "Build Time")) is { } simplify3D)
        {
            return simplify3D;
        }

        return facts.FirstRemainingMinutes is { } minutes && minutes > 0 && DurationText.TryFromSeconds(minutes * 60, out var m73) ? m73 : null;
    }

    private static TimeSpan? Duration(string? text) => DurationText.TryParse(text, out var duration) ? duration : null;
}
