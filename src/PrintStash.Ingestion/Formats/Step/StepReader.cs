using System.Text;

namespace PrintStash.Ingestion.Formats.Step;

/// <summary>
/// STEP (ISO 10303-21) files are recognised but not meshed: the reader only reads the first 64 KiB for the
/// header entities (FILE_DESCRIPTION, FILE_NAME, FILE_SCHEMA) and any PRODUCT names that appear there.
/// </summary>
public static class StepReader
{
    /// <summary>How much of the file is looked at.</summary>
    public const int HeadBytes = 64 * 1024;

    /// <summary>Reads the head of a STEP file. Throws only <see cref="IOException"/> and <see cref="OperationCanceledException"/>.</summary>
    public static FileAnalysis Read(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            return Read(stream, cancellationToken);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"Cannot read '{path}': access denied.", ex);
        }
    }

    /// <summary>Reads up to <see cref="HeadBytes"/> from the current position of <paramref name="stream"/>.</summary>
    public static FileAnalysis Read(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        cancellationToken.ThrowIfCancellationRequested();
        var buffer = new byte[HeadBytes];
        var length = stream.ReadAtLeast(buffer, HeadBytes, throwOnEndOfStream: false);
        return Analyze(buffer.AsSpan(0, length));
    }

    /// <summary>Analyzes the first bytes of a STEP file (anything past <see cref="HeadBytes"/> is ignored).</summary>
    public static FileAnalysis Analyze(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return FileAnalysis.Empty(FileKind.Step, "The file is empty.");
        }

        var text = Encoding.UTF8.GetString(head[..Math.Min(head.Length, HeadBytes)]);
        var header = StepHeaderParser.Parse(text);
        return new FileAnalysis(FileKind.Step, null, null, [], header.ProductNames, header.Values, header.Problems);
    }
}
