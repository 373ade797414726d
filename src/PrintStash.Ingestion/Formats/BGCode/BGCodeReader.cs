using System.Buffers.Binary;

namespace PrintStash.Ingestion.Formats.BGCode;

/// <summary>
/// Reads Prusa binary G-code (<c>.bgcode</c>, libbgcode format version 1): the file header, then the file/printer/print/slicer
/// metadata blocks (INI, optionally deflate-compressed) and thumbnail blocks (PNG/JPG/QOI; QOI is converted to PNG), stopping at
/// the first G-code block. CRC32 checksums are verified. Bad content never throws: it is reported in <see cref="FileAnalysis.Problems"/>.
/// </summary>
public static class BGCodeReader
{
    public const int FileHeaderSize = 10;

    public const uint SupportedVersion = 1;

    /// <summary>A guard against files made of endless tiny blocks: metadata and thumbnails are a handful of blocks in practice.</summary>
    public const int MaxBlocksBeforeGCode = 256;

    public static bool HasMagic(ReadOnlySpan<byte> data) => data.StartsWith("GCDE"u8);

    /// <summary>Opens <paramref name="path"/> read-only and analyses it. I/O errors (missing file, no permission) propagate.</summary>
    public static async Task<FileAnalysis> AnalyzeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            return await AnalyzeAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Analyses a seekable stream from offset 0. Reads the 10-byte header and the blocks before the first G-code block, each
    /// bounded by <see cref="BGCodeBlockReader.MaxMetadataBytes"/> / <see cref="BGCodeBlockReader.MaxThumbnailBytes"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The stream cannot read or cannot seek.</exception>
    public static async Task<FileAnalysis> AnalyzeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The binary G-code reader needs a readable, seekable stream.", nameof(stream));
        }

        var length = stream.Length;
        if (length == 0)
        {
            return FileAnalysis.Empty(FileKind.BGCode, "The file is empty.");
        }

        var header = new byte[FileHeaderSize];
        stream.Seek(0, SeekOrigin.Begin);
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (!HasMagic(header.AsSpan(0, read)))
        {
            return FileAnalysis.Empty(FileKind.BGCode, "Not binary G-code: the file does not start with GCDE.");
        }

        if (read < FileHeaderSize)
        {
            return FileAnalysis.Empty(FileKind.BGCode, "The binary G-code file header is truncated.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        var checksumType = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
        if (version != SupportedVersion)
        {
            return FileAnalysis.Empty(FileKind.BGCode, $"Binary G-code version {version} is not supported (only {SupportedVersion}).");
        }

        if (checksumType > 1)
        {
            return FileAnalysis.Empty(FileKind.BGCode, $"Unknown checksum type {checksumType} in the binary G-code header.");
        }

        return await ReadBlocksAsync(stream, length, checksumType == 1 ? 4 : 0, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<FileAnalysis> ReadBlocksAsync(Stream stream, long length, int checksumSize, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var content = new BGCodeContent(problems);
        var blocks = new BGCodeBlockReader(stream, length, checksumSize, problems);
        long offset = FileHeaderSize;
        try
        {
            for (var count = 0; ; count++)
            {
                if (count == MaxBlocksBeforeGCode)
                {
                    problems.Add($"More than {MaxBlocksBeforeGCode} blocks before the G-code; the rest was not read.");
                    break;
                }

                var step = await blocks.ReadAsync(offset, cancellationToken).ConfigureAwait(false);
                if (step.Block is not null)
                {
                    content.Add(step.Block);
                }

                if (step.Stop)
                {
                    break;
                }

                offset = step.NextOffset;
            }
        }
        catch (EndOfStreamException)
        {
            problems.Add("The file ended early while it was read (changed on disk?).");
        }

        return content.Build();
    }
}
