using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Collects <c>; thumbnail begin WxH LEN</c> … <c>; thumbnail end</c> blocks (also <c>thumbnail_PNG</c>, <c>thumbnail_JPG</c>,
/// <c>thumbnail_QOI</c>), where LEN is the number of base64 characters. A wrong LEN, broken base64 or a block cut short is a
/// problem for that thumbnail only.
/// </summary>
internal sealed partial class ThumbnailBlocks(ICollection<string> problems)
{
    /// <summary>Base64 characters kept per block; the read window is smaller, so this only guards against misuse.</summary>
    public const int MaxBase64Chars = 16 * 1024 * 1024;

    private readonly List<ExtractedThumbnail> thumbnails = [];
    private OpenBlock? open;
    private int blockCount;

    public IReadOnlyList<ExtractedThumbnail> Thumbnails => thumbnails;

    public bool InBlock => open is not null;

    /// <summary>Starts a block if <paramref name="comment"/> (text after <c>;</c>) is a begin line.</summary>
    public bool TryBegin(string comment)
    {
        var match = BeginLine().Match(comment);
        if (!match.Success)
        {
            return false;
        }

        if (open is not null)
        {
            Abort("a new thumbnail begins before its end line");
        }

        blockCount++;
        var tag = match.Groups["tag"].Value;
        var format = match.Groups["fmt"].Success ? match.Groups["fmt"].Value.ToUpperInvariant() : "PNG";
        open = new OpenBlock(
            tag,
            format == "JPEG" ? "JPG" : format,
            ParseOrNull(match.Groups["w"].Value),
            ParseOrNull(match.Groups["h"].Value),
            ParseOrNull(match.Groups["len"].Value),
            $"Thumbnail {blockCount} ({tag} {match.Groups["w"].Value}x{match.Groups["h"].Value})");
        return true;
    }

    /// <summary>Feeds a comment line (bytes after <c>;</c>) of the open block: base64 data or the end line.</summary>
    public void Accept(ReadOnlySpan<byte> comment)
    {
        var block = open!;
        var data = comment.Trim(" \t"u8);
        if (IsEndLine(data, block.Tag))
        {
            Finish(block);
            return;
        }

        if (block.Base64.WrittenCount + data.Length > MaxBase64Chars)
        {
            Abort($"more than {MaxBase64Chars} base64 characters");
            return;
        }

        block.Base64.Write(data);
    }

    /// <summary>Drops the open block (cut by the read window, the end of the file, or a G-code line).</summary>
    public void Abort(string reason)
    {
        if (open is { } block)
        {
            problems.Add($"{block.Label}: {reason}; thumbnail skipped.");
            open = null;
        }
    }

    private void Finish(OpenBlock block)
    {
        open = null;
        var base64 = block.Base64.WrittenSpan;
        if (block.DeclaredLength is { } declared && declared != base64.Length)
        {
            problems.Add($"{block.Label}: declares {declared} base64 characters but holds {base64.Length}.");
        }

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        var status = Base64.DecodeFromUtf8(base64, bytes, out _, out var written);
        if (status != OperationStatus.Done || written == 0)
        {
            problems.Add($"{block.Label}: the base64 data is corrupted ({status}); thumbnail skipped.");
            return;
        }

        var thumbnail = ThumbnailFactory.Create(bytes[..written], block.Format, block.Width, block.Height, block.Label, problems);
        if (thumbnail is not null)
        {
            thumbnails.Add(thumbnail);
        }
    }

    private static bool IsEndLine(ReadOnlySpan<byte> data, string tag) =>
        data.Length == tag.Length + 4
        && data.EndsWith(" end"u8)
        && System.Text.Ascii.EqualsIgnoreCase(data[..tag.Length], tag);

    private static int? ParseOrNull(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    [GeneratedRegex(@"^\s*(?<tag>(?:thumbnail(?:_(?<fmt>PNG|JPG|JPEG|QOI))?)) begin (?<w>\d{1,5})x(?<h>\d{1,5}) (?<len>\d{1,9})\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BeginLine();

    private sealed record OpenBlock(string Tag, string Format, int? Width, int? Height, int? DeclaredLength, string Label)
    {
        public ArrayBufferWriter<byte> Base64 { get; } = new();
    }
}
