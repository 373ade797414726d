using PrintStash.Ingestion.Imaging;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Turns embedded image bytes into an <see cref="ExtractedThumbnail"/>: the format is taken from the magic bytes (the tag or
/// block parameter is only a hint), the size from the image itself, and QOI is converted to PNG. Shared by the text and the
/// binary G-code readers.
/// </summary>
internal static class ThumbnailFactory
{
    /// <summary>Slicer thumbnails are below 1000 px a side; a QOI claiming more than this is refused before any allocation (16 MB of RGBA at most).</summary>
    public const long MaxQoiPixels = 2048L * 2048;

    /// <param name="declaredFormat">"PNG", "JPG" or "QOI" as the container declares it, or null.</param>
    /// <param name="label">How problems name this image, e.g. "thumbnail_QOI 48x48".</param>
    public static ExtractedThumbnail? Create(byte[] data, string? declaredFormat, int? declaredWidth, int? declaredHeight, string label, ICollection<string> problems)
    {
        string format;
        int width, height;
        var mediaType = "image/png";
        if (PngInfo.HasSignature(data))
        {
            format = "PNG";
            if (!PngInfo.TryReadSize(data, out width, out height))
            {
                problems.Add($"{label}: the PNG header is damaged; thumbnail skipped.");
                return null;
            }
        }
        else if (JpegInfo.HasSignature(data))
        {
            format = "JPG";
            mediaType = "image/jpeg";
            if (!JpegInfo.TryReadSize(data, out width, out height))
            {
                problems.Add($"{label}: no readable JPEG frame header; thumbnail skipped.");
                return null;
            }
        }
        else if (QoiDecoder.HasSignature(data))
        {
            format = "QOI";
            if (!QoiDecoder.TryDecode(data, out var image, out var error, MaxQoiPixels))
            {
                problems.Add($"{label}: {error}; thumbnail skipped.");
                return null;
            }

            (width, height) = (image.Width, image.Height);
            data = PngEncoder.EncodeRgba(image.Rgba, image.Width, image.Height);
        }
        else
        {
            problems.Add($"{label}: the data is neither PNG, JPEG nor QOI; thumbnail skipped.");
            return null;
        }

        if (declaredFormat is not null && !declaredFormat.Equals(format, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{label}: declared as {declaredFormat} but the data is {format}.");
        }

        if ((declaredWidth is not null && declaredWidth != width) || (declaredHeight is not null && declaredHeight != height))
        {
            problems.Add($"{label}: declared as {declaredWidth}x{declaredHeight} but the image is {width}x{height}.");
        }

        return new ExtractedThumbnail(width, height, mediaType, data);
    }
}
