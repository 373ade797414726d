namespace PrintStash.Ingestion.Tests.Imaging;

/// <summary>Deterministic RGBA test images that exercise every QOI op and every PNG filter.</summary>
internal static class TestImages
{
    /// <summary>Gradients, flat runs, small steps, alpha changes and noise, in bands.</summary>
    public static byte[] Mixed(int width, int height, int seed)
    {
        var random = new Random(seed);
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                var band = (x + (y * 3)) / 7 % 5;
                (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = band switch
                {
                    0 => ((byte)(x * 3), (byte)(y * 5), (byte)(x + y), (byte)255), // gradients: DIFF/LUMA
                    1 => ((byte)40, (byte)80, (byte)120, (byte)255), // flat: RUN/INDEX
                    2 => ((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)255), // noise: RGB
                    3 => ((byte)(x * 7), (byte)90, (byte)(y * 11), (byte)random.Next(256)), // alpha changes: RGBA
                    _ => ((byte)(200 + (x % 3)), (byte)(100 + (y % 2)), (byte)50, (byte)255), // tiny steps: DIFF
                };
            }
        }

        return rgba;
    }
}
