namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>Tells text G-code from binary garbage by looking at the first bytes.</summary>
internal static class TextSniffer
{
    private const int SampleBytes = 4096;

    /// <summary>True when the sample holds a NUL byte or more than 1 % control characters other than tab, CR, LF and form feed.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        var sample = head[..Math.Min(head.Length, SampleBytes)];
        if (sample.IndexOf((byte)0) >= 0)
        {
            return true;
        }

        var control = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D))
            {
                control++;
            }
        }

        return control * 100 > sample.Length;
    }
}
