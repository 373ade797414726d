namespace PrintStash.Ingestion.Thumbnails;

/// <summary>
/// Two-sided Lambert lighting with fixed lights: a key light from the upper left of the camera, a weaker fill from the
/// right, and a sky term that lifts faces pointing up. Normals are flipped towards the camera, so meshes with wrong or
/// mixed winding still look solid.
/// </summary>
internal readonly struct FlatShading
{
    private const float Ambient = 0.25f;
    private const float Sky = 0.12f;
    private const float Key = 0.6f;
    private const float Fill = 0.2f;

    private readonly float _kx, _ky, _kz, _fx, _fy, _fz, _cx, _cy, _cz;

    private FlatShading(double[] key, double[] fill, double[] toCamera)
    {
        (_kx, _ky, _kz) = ((float)key[0], (float)key[1], (float)key[2]);
        (_fx, _fy, _fz) = ((float)fill[0], (float)fill[1], (float)fill[2]);
        (_cx, _cy, _cz) = ((float)toCamera[0], (float)toCamera[1], (float)toCamera[2]);
    }

    public static FlatShading Create()
    {
        var (right, up, toCamera) = ViewProjection.Basis();
        return new FlatShading(Combine(right, up, toCamera, -0.5, 0.5, 0.7), Combine(right, up, toCamera, 0.8, 0.1, 0.4), toCamera);
    }

    /// <summary>Shade 0–255 of a triangle with the (unnormalised) world normal n.</summary>
    public byte Shade(float nx, float ny, float nz)
    {
        var length = MathF.Sqrt((nx * nx) + (ny * ny) + (nz * nz));
        if (!(length > 0))
        {
            return (byte)(Ambient * 255);
        }

        nx /= length;
        ny /= length;
        nz /= length;
        if ((nx * _cx) + (ny * _cy) + (nz * _cz) < 0)
        {
            nx = -nx;
            ny = -ny;
            nz = -nz;
        }

        var key = MathF.Max(0, (nx * _kx) + (ny * _ky) + (nz * _kz));
        var fill = MathF.Max(0, (nx * _fx) + (ny * _fy) + (nz * _fz));
        var light = Ambient + (Sky * ((nz * 0.5f) + 0.5f)) + (Key * key) + (Fill * fill);
        return (byte)Math.Clamp((int)((light * 255f) + 0.5f), 0, 255);
    }

    private static double[] Combine(double[] right, double[] up, double[] toCamera, double r, double u, double c)
    {
        double[] v = [(right[0] * r) + (up[0] * u) + (toCamera[0] * c), (right[1] * r) + (up[1] * u) + (toCamera[1] * c), (right[2] * r) + (up[2] * u) + (toCamera[2] * c)];
        var length = Math.Sqrt((v[0] * v[0]) + (v[1] * v[1]) + (v[2] * v[2]));
        return [v[0] / length, v[1] / length, v[2] / length];
    }
}
