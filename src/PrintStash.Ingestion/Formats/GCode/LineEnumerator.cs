namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Splits a byte window into lines without copying. Lines cut by the window edges are dropped; lines longer than the cap are
/// skipped and counted. <see cref="Current"/> has no line terminator and no trailing whitespace.
/// </summary>
internal ref struct LineEnumerator
{
    private readonly ReadOnlySpan<byte> window;
    private readonly bool endsAtEndOfFile;
    private readonly int maxLineBytes;
    private int position;

    public LineEnumerator(ReadOnlySpan<byte> window, bool startsMidLine, bool endsAtEndOfFile, int maxLineBytes)
    {
        this.window = window;
        this.endsAtEndOfFile = endsAtEndOfFile;
        this.maxLineBytes = maxLineBytes;
        if (startsMidLine)
        {
            var newline = window.IndexOf((byte)'\n');
            position = newline < 0 ? window.Length : newline + 1;
        }
    }

    public ReadOnlySpan<byte> Current { get; private set; }

    public int SkippedLongLines { get; private set; }

    public bool MoveNext()
    {
        while (position < window.Length)
        {
            var rest = window[position..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0 && !endsAtEndOfFile)
            {
                // The last line runs past the window: it is either cut or over-long; never half-parse it.
                if (rest.Length > maxLineBytes)
                {
                    SkippedLongLines++;
                }

                position = window.Length;
                return false;
            }

            var length = newline < 0 ? rest.Length : newline;
            position += newline < 0 ? rest.Length : newline + 1;
            if (length > maxLineBytes)
            {
                SkippedLongLines++;
                continue;
            }

            Current = rest[..length].TrimEnd(" \t\r"u8);
            return true;
        }

        return false;
    }
}
