namespace PrintStash.Ingestion.Thumbnails;

/// <summary>
/// Box-filters the sample raster down to RGBA pixels: alpha = covered fraction, colour = mean shade of the covered
/// samples times the base colour (straight, not premultiplied, alpha as PNG expects). Empty pixels are transparent black.
/// </summary>
internal static class FrameResolver
{
    public static byte[] Resolve(SampleFrame frame, int outputSize, int baseColor)
    {
        var samples = frame.Size;
        var depth = frame.Depth;
        var shade = frame.Shade;
        var red = (baseColor >> 16) & 0xFF;
        var green = (baseColor >> 8) & 0xFF;
        var blue = baseColor & 0xFF;
        var rgba = new byte[outputSize * outputSize * 4];
        for (var py = 0; py < outputSize; py++)
        {
            var sy0 = py * samples / outputSize;
            var sy1 = Math.Max(sy0 + 1, (py + 1) * samples / outputSize);
            for (var px = 0; px < outputSize; px++)
            {
                var sx0 = px * samples / outputSize;
                var sx1 = Math.Max(sx0 + 1, (px + 1) * samples / outputSize);
                int covered = 0, sum = 0;
                for (var sy = sy0; sy < sy1; sy++)
                {
                    var row = sy * samples;
                    for (var sx = sx0; sx < sx1; sx++)
                    {
                        if (depth[row + sx] != float.PositiveInfinity)
                        {
                            covered++;
                            sum += shade[row + sx];
                        }
                    }
                }

                if (covered == 0)
                {
                    continue;
                }

                var total = (sy1 - sy0) * (sx1 - sx0);
                var o = ((py * outputSize) + px) * 4;

                // sum/covered is the mean shade (0–255); channel = base × shade / 255, rounded.
                var divisor = covered * 255;
                rgba[o] = (byte)(((red * sum) + (divisor / 2)) / divisor);
                rgba[o + 1] = (byte)(((green * sum) + (divisor / 2)) / divisor);
                rgba[o + 2] = (byte)(((blue * sum) + (divisor / 2)) / divisor);
                rgba[o + 3] = (byte)(((covered * 255) + (total / 2)) / total);
            }
        }

        return rgba;
    }
}
