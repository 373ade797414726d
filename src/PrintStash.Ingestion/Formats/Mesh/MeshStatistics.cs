using System.Runtime.CompilerServices;

namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>
/// Running bounding box, signed volume (sum of tetrahedra against a fixed origin) and surface area of a triangle soup.
/// The origin is the first vertex seen, which keeps the volume sum well conditioned far from zero.
/// </summary>
internal struct MeshStatistics
{
    private float _minX;
    private float _minY;
    private float _minZ;
    private float _maxX;
    private float _maxY;
    private float _maxZ;
    private double _volume6;
    private double _area2;
    private double _originX;
    private double _originY;
    private double _originZ;
    private bool _hasOrigin;

    public long Triangles { get; private set; }

    public static MeshStatistics Create() => new()
    {
        _minX = float.PositiveInfinity,
        _minY = float.PositiveInfinity,
        _minZ = float.PositiveInfinity,
        _maxX = float.NegativeInfinity,
        _maxY = float.NegativeInfinity,
        _maxZ = float.NegativeInfinity,
    };

    /// <summary>True when all nine coordinates are finite (NaN and infinities make the sum non-finite).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFinite(float x0, float y0, float z0, float x1, float y1, float z1, float x2, float y2, float z2) =>
        float.IsFinite((x0 * 0f) + (y0 * 0f) + (z0 * 0f) + (x1 * 0f) + (y1 * 0f) + (z1 * 0f) + (x2 * 0f) + (y2 * 0f) + (z2 * 0f));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(float x0, float y0, float z0, float x1, float y1, float z1, float x2, float y2, float z2)
    {
        if (!_hasOrigin)
        {
            _originX = x0;
            _originY = y0;
            _originZ = z0;
            _hasOrigin = true;
        }

        _minX = Math.Min(_minX, Math.Min(x0, Math.Min(x1, x2)));
        _minY = Math.Min(_minY, Math.Min(y0, Math.Min(y1, y2)));
        _minZ = Math.Min(_minZ, Math.Min(z0, Math.Min(z1, z2)));
        _maxX = Math.Max(_maxX, Math.Max(x0, Math.Max(x1, x2)));
        _maxY = Math.Max(_maxY, Math.Max(y0, Math.Max(y1, y2)));
        _maxZ = Math.Max(_maxZ, Math.Max(z0, Math.Max(z1, z2)));

        double ax = x0 - _originX, ay = y0 - _originY, az = z0 - _originZ;
        double bx = x1 - _originX, by = y1 - _originY, bz = z1 - _originZ;
        double cx = x2 - _originX, cy = y2 - _originY, cz = z2 - _originZ;

        // Signed tetrahedron (origin, a, b, c) × 6 = a · (b × c).
        _volume6 += (ax * ((by * cz) - (bz * cy))) + (ay * ((bz * cx) - (bx * cz))) + (az * ((bx * cy) - (by * cx)));

        // Twice the triangle area = |(b - a) × (c - a)|.
        double ux = bx - ax, uy = by - ay, uz = bz - az;
        double vx = cx - ax, vy = cy - ay, vz = cz - az;
        double nx = (uy * vz) - (uz * vy), ny = (uz * vx) - (ux * vz), nz = (ux * vy) - (uy * vx);
        _area2 += Math.Sqrt((nx * nx) + (ny * ny) + (nz * nz));
        Triangles++;
    }

    /// <summary>Adds another accumulator. With <paramref name="absoluteVolume"/> its volume counts unsigned (a mirrored instance is still solid).</summary>
    public void Merge(in MeshStatistics other, bool absoluteVolume)
    {
        if (other.Triangles == 0)
        {
            return;
        }

        if (!_hasOrigin)
        {
            _originX = other._originX;
            _originY = other._originY;
            _originZ = other._originZ;
            _hasOrigin = true;
        }

        _minX = Math.Min(_minX, other._minX);
        _minY = Math.Min(_minY, other._minY);
        _minZ = Math.Min(_minZ, other._minZ);
        _maxX = Math.Max(_maxX, other._maxX);
        _maxY = Math.Max(_maxY, other._maxY);
        _maxZ = Math.Max(_maxZ, other._maxZ);
        _volume6 += absoluteVolume ? Math.Abs(other._volume6) : other._volume6;
        _area2 += other._area2;
        Triangles += other.Triangles;
    }

    /// <summary>The facts in millimetres; volume is reported unsigned (inside-out meshes still have a size).</summary>
    public readonly MeshMetadata ToMetadata(string unit = "mm")
    {
        if (Triangles == 0)
        {
            return new MeshMetadata(0, null, null, null, unit);
        }

        var bounds = new BoundingBox(new Vector3(_minX, _minY, _minZ), new Vector3(_maxX, _maxY, _maxZ));
        return new MeshMetadata(Triangles, bounds, Math.Abs(_volume6) / 6.0, _area2 / 2.0, unit);
    }
}
