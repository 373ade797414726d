namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>Where text-format readers send triangles: drops non-finite ones, keeps statistics and (optionally) geometry.</summary>
internal sealed class TriangleSink
{
    private readonly GeometryBuffer? _geometry;
    private MeshStatistics _statistics = MeshStatistics.Create();

    public TriangleSink(MeshReadOptions options, int expectedTriangles = 1024)
    {
        if (options.IncludeGeometry)
        {
            _geometry = new GeometryBuffer(options.MaxGeometryTriangles, expectedTriangles);
        }

        MaxGeometryTriangles = options.MaxGeometryTriangles;
    }

    public long NonFiniteTriangles { get; private set; }

    public long Triangles => _statistics.Triangles;

    public int MaxGeometryTriangles { get; }

    public ref MeshStatistics Statistics => ref _statistics;

    public bool GeometryOverflowed => _geometry?.Overflowed ?? false;

    public void Add(float x0, float y0, float z0, float x1, float y1, float z1, float x2, float y2, float z2)
    {
        if (!MeshStatistics.IsFinite(x0, y0, z0, x1, y1, z1, x2, y2, z2))
        {
            NonFiniteTriangles++;
            return;
        }

        _statistics.Add(x0, y0, z0, x1, y1, z1, x2, y2, z2);
        _geometry?.Add(x0, y0, z0, x1, y1, z1, x2, y2, z2);
    }

    /// <summary>Adds the standard problems (non-finite triangles, geometry cap) to <paramref name="problems"/>.</summary>
    public void ReportProblems(List<string> problems)
    {
        if (NonFiniteTriangles > 0)
        {
            problems.Add($"{NonFiniteTriangles} triangle(s) with non-finite coordinates (NaN or infinity) were skipped.");
        }

        if (GeometryOverflowed)
        {
            problems.Add($"The mesh has more than {MaxGeometryTriangles} triangles; it was measured but not kept for rendering.");
        }
    }

    public MeshData? ToMeshData() => _geometry?.ToMeshData();
}
