namespace PrintStash.Ingestion.Thumbnails;

/// <summary>The smallest screen-aligned rectangle holding every (finite) vertex, in camera right/up millimetres from a reference point.</summary>
internal readonly record struct ProjectedExtent(double MinX, double MaxX, double MinY, double MaxY)
{
    private const int MinVerticesPerWorker = 300_000;

    private static ProjectedExtent Empty => new(double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity, double.NegativeInfinity);

    public static ProjectedExtent Measure(ReadOnlyMemory<float> positions, (float X, float Y, float Z) reference, double[] right, double[] up, int parallelism)
    {
        var vertices = positions.Length / 3;
        var workers = Math.Clamp(vertices / MinVerticesPerWorker, 1, parallelism);
        var partial = new ProjectedExtent[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            var start = (int)((long)vertices * worker / workers) * 3;
            var end = (int)((long)vertices * (worker + 1) / workers) * 3;
            partial[worker] = Measure(positions.Span[start..end], reference, right, up);
        });

        var result = Empty;
        foreach (var p in partial)
        {
            result = new ProjectedExtent(Math.Min(result.MinX, p.MinX), Math.Max(result.MaxX, p.MaxX), Math.Min(result.MinY, p.MinY), Math.Max(result.MaxY, p.MaxY));
        }

        return result;
    }

    private static ProjectedExtent Measure(ReadOnlySpan<float> positions, (float X, float Y, float Z) reference, double[] right, double[] up)
    {
        float rx = (float)right[0], ry = (float)right[1], rz = (float)right[2];
        float ux = (float)up[0], uy = (float)up[1], uz = (float)up[2];
        float minX = float.PositiveInfinity, maxX = float.NegativeInfinity, minY = float.PositiveInfinity, maxY = float.NegativeInfinity;
        for (var i = 0; i + 2 < positions.Length; i += 3)
        {
            float x = positions[i] - reference.X, y = positions[i + 1] - reference.Y, z = positions[i + 2] - reference.Z;
            var sx = (x * rx) + (y * ry) + (z * rz);
            var sy = (x * ux) + (y * uy) + (z * uz);

            // Comparisons skip NaN (Math.Min would propagate it).
            if (sx < minX)
            {
                minX = sx;
            }

            if (sx > maxX)
            {
                maxX = sx;
            }

            if (sy < minY)
            {
                minY = sy;
            }

            if (sy > maxY)
            {
                maxY = sy;
            }
        }

        return new ProjectedExtent(minX, maxX, minY, maxY);
    }
}
