namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>A growable triangle array (9 floats per triangle) with a hard cap; past the cap it stops keeping triangles.</summary>
internal sealed class GeometryBuffer
{
    private const int InitialTriangles = 1024;

    private readonly int _maxTriangles;
    private float[] _items;
    private int _triangles;

    public GeometryBuffer(int maxTriangles, int expectedTriangles = InitialTriangles)
    {
        _maxTriangles = maxTriangles;
        var initial = Math.Clamp(expectedTriangles, 1, Math.Max(1, maxTriangles));
        _items = new float[(long)initial * MeshData.FloatsPerTriangle];
    }

    /// <summary>True once a triangle had to be dropped because of the cap.</summary>
    public bool Overflowed { get; private set; }

    public void Add(float x0, float y0, float z0, float x1, float y1, float z1, float x2, float y2, float z2)
    {
        if (Overflowed)
        {
            return;
        }

        var offset = _triangles * MeshData.FloatsPerTriangle;
        if (offset + MeshData.FloatsPerTriangle > _items.Length && !Grow())
        {
            return;
        }

        var items = _items.AsSpan(offset, MeshData.FloatsPerTriangle);
        items[0] = x0;
        items[1] = y0;
        items[2] = z0;
        items[3] = x1;
        items[4] = y1;
        items[5] = z1;
        items[6] = x2;
        items[7] = y2;
        items[8] = z2;
        _triangles++;
    }

    /// <summary>The triangles, or null after an overflow. The buffer must not be used afterwards.</summary>
    public MeshData? ToMeshData() => Overflowed ? null : new MeshData(_items, _triangles);

    private bool Grow()
    {
        var current = _items.Length / MeshData.FloatsPerTriangle;
        if (current >= _maxTriangles)
        {
            Overflowed = true;
            _items = [];
            return false;
        }

        var next = (int)Math.Min((long)current * 2, _maxTriangles);
        Array.Resize(ref _items, next * MeshData.FloatsPerTriangle);
        return true;
    }
}
