namespace PrintStash.Ingestion.Thumbnails;

/// <summary>
/// The fixed camera: orthographic, looking at the object from the front-right and above (azimuth 35° from the front
/// towards +X, elevation 30°), Z up. Maps millimetres to raster pixels (y down) and a depth that grows away from the camera.
/// Coordinates are taken relative to a reference point on the mesh (<see cref="Rx"/>, <see cref="Ry"/>, <see cref="Rz"/>)
/// before projecting, so a small part far from the origin keeps full single-precision detail.
/// </summary>
internal readonly struct ViewProjection
{
    private const double AzimuthDegrees = 35;
    private const double ElevationDegrees = 30;

    private ViewProjection(float[] row, (float X, float Y, float Z) reference)
    {
        (Rx, Ry, Rz) = reference;
        Xx = row[0];
        Xy = row[1];
        Xz = row[2];
        X0 = row[3];
        Yx = row[4];
        Yy = row[5];
        Yz = row[6];
        Y0 = row[7];
        Zx = row[8];
        Zy = row[9];
        Zz = row[10];
    }

    public float Rx { get; }

    public float Ry { get; }

    public float Rz { get; }

    public float Xx { get; }

    public float Xy { get; }

    public float Xz { get; }

    public float X0 { get; }

    public float Yx { get; }

    public float Yy { get; }

    public float Yz { get; }

    public float Y0 { get; }

    public float Zx { get; }

    public float Zy { get; }

    public float Zz { get; }

    /// <summary>Unit vectors of the camera frame in world space: right, up, and towards the camera.</summary>
    public static (double[] Right, double[] Up, double[] ToCamera) Basis()
    {
        var azimuth = AzimuthDegrees * Math.PI / 180;
        var elevation = ElevationDegrees * Math.PI / 180;
        double[] toCamera = [Math.Cos(elevation) * Math.Sin(azimuth), -Math.Cos(elevation) * Math.Cos(azimuth), Math.Sin(elevation)];
        double[] right = [Math.Cos(azimuth), Math.Sin(azimuth), 0];
        double[] up = [
            (toCamera[1] * right[2]) - (toCamera[2] * right[1]),
            (toCamera[2] * right[0]) - (toCamera[0] * right[2]),
            (toCamera[0] * right[1]) - (toCamera[1] * right[0]),
        ];
        return (right, up, toCamera);
    }

    /// <summary>Fits the projected extent of every vertex into a <paramref name="size"/>-pixel square with a margin.</summary>
    public static ViewProjection Fit(ReadOnlyMemory<float> positions, int size, double margin, int parallelism)
    {
        var (right, up, toCamera) = Basis();
        var reference = Reference(positions.Span);
        var extent = ProjectedExtent.Measure(positions, reference, right, up, parallelism);
        var width = extent.MaxX - extent.MinX;
        var height = extent.MaxY - extent.MinY;
        var span = Math.Max(width, height);
        var usable = size * (1 - (2 * margin));
        var scale = span > 1e-12 && double.IsFinite(span) ? usable / span : 1.0;
        var centreX = double.IsFinite(width) ? (extent.MinX + extent.MaxX) / 2 : 0;
        var centreY = double.IsFinite(height) ? (extent.MinY + extent.MaxY) / 2 : 0;

        // With q = p − reference: pixel x = (q·right − centreX)·scale + size/2 ; pixel y = size/2 − (q·up − centreY)·scale ; depth = −q·toCamera
        float[] rows =
        [
            (float)(right[0] * scale), (float)(right[1] * scale), (float)(right[2] * scale), (float)((size / 2.0) - (centreX * scale)),
            (float)(-up[0] * scale), (float)(-up[1] * scale), (float)(-up[2] * scale), (float)((size / 2.0) + (centreY * scale)),
            (float)-toCamera[0], (float)-toCamera[1], (float)-toCamera[2],
        ];
        return new ViewProjection(rows, reference);
    }

    /// <summary>The first finite vertex (any point near the mesh will do).</summary>
    private static (float X, float Y, float Z) Reference(ReadOnlySpan<float> positions)
    {
        for (var i = 0; i + 2 < positions.Length; i += 3)
        {
            if (float.IsFinite(positions[i]) && float.IsFinite(positions[i + 1]) && float.IsFinite(positions[i + 2]))
            {
                return (positions[i], positions[i + 1], positions[i + 2]);
            }
        }

        return (0, 0, 0);
    }
}
