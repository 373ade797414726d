using System.Text;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.GCode;
using PrintStash.Ingestion.Imaging;

namespace PrintStash.Ingestion.Tests.Formats.GCode;

/// <summary>Builds small G-code files in memory for dialect and bad-input tests.</summary>
internal static class GCodeText
{
    public static Task<FileAnalysis> AnalyzeAsync(string text) => AnalyzeAsync(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n")));

    public static async Task<FileAnalysis> AnalyzeAsync(byte[] bytes)
    {
        await using var stream = new MemoryStream(bytes, writable: false);
        return await GCodeReader.AnalyzeAsync(stream, CancellationToken.None);
    }

    /// <summary>A real PNG of the given size (solid colour), as PrusaSlicer would embed it.</summary>
    public static byte[] Png(int width, int height)
    {
        var rgba = new byte[width * height * 4];
        for (var i = 0; i < rgba.Length; i += 4)
        {
            rgba[i] = 200;
            rgba[i + 1] = (byte)(i % 256);
            rgba[i + 2] = 30;
            rgba[i + 3] = 255;
        }

        return PngEncoder.EncodeRgba(rgba, width, height);
    }

    /// <summary>A thumbnail block: <c>; {tag} begin WxH LEN</c>, base64 in 78-character comment lines, <c>; {tag} end</c>.</summary>
    public static string ThumbnailBlock(string tag, int width, int height, string base64, int? declaredLength = null)
    {
        var builder = new StringBuilder();
        builder.Append(";\n").Append(FormattableString.Invariant($"; {tag} begin {width}x{height} {declaredLength ?? base64.Length}\n"));
        for (var i = 0; i < base64.Length; i += 78)
        {
            builder.Append("; ").Append(base64.AsSpan(i, Math.Min(78, base64.Length - i))).Append('\n');
        }

        return builder.Append(FormattableString.Invariant($"; {tag} end\n;\n")).ToString();
    }
}
