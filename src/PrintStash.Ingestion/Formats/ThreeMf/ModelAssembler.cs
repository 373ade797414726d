using System.Buffers;
using System.Runtime.InteropServices;
using PrintStash.Ingestion.Formats.Mesh;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Resolves build items through components (same part or <c>p:path</c> parts) and emits every placed triangle in
/// millimetres: item and component transforms applied, then the unit scale. Each build item's volume counts unsigned,
/// so mirrored items do not subtract. Depth, instance count and triangle count are bounded by <see cref="ThreeMfLimits"/>.
/// </summary>
internal sealed class ModelAssembler
{
    private readonly Func<string, ModelPart?> _loadPart;
    private readonly ThreeMfLimits _limits;
    private readonly List<string> _problems;
    private readonly GeometryBuffer? _geometry;
    private readonly int _maxGeometryTriangles;
    private readonly List<ModelObject> _placed = [];
    private readonly HashSet<ModelObject> _placedSet = [];
    private MeshStatistics _total = MeshStatistics.Create();
    private long _instances;
    private long _emitted;
    private long _nonFinite;
    private long _badIndices;
    private long _missingObjects;
    private bool _triangleCapHit;
    private bool _instanceCapHit;
    private bool _depthCapHit;

    public ModelAssembler(Func<string, ModelPart?> loadPart, ThreeMfLimits limits, MeshReadOptions options, List<string> problems)
    {
        _loadPart = loadPart;
        _limits = limits;
        _problems = problems;
        _maxGeometryTriangles = Math.Min(options.MaxGeometryTriangles, Array.MaxLength / MeshData.FloatsPerTriangle);
        if (options.IncludeGeometry)
        {
            _geometry = new GeometryBuffer(_maxGeometryTriangles, 4096);
        }
    }

    public ModelAssembly Assemble(ModelPart root)
    {
        var scale = ModelUnits.ToMillimetres(root.Unit);
        if (scale is null)
        {
            _problems.Add($"Unknown unit '{root.Unit}'; millimetres assumed.");
        }

        var toMillimetres = AffineTransform.Scale(scale ?? 1.0);
        if (root.BuildItems.Count == 0)
        {
            _problems.Add("The model has no build items; nothing is placed on the plate.");
        }

        foreach (var item in root.BuildItems)
        {
            var part = item.Part is null ? root : _loadPart(item.Part);
            if (part is null || !part.Objects.TryGetValue(item.ObjectId, out var modelObject))
            {
                _missingObjects++;
                continue;
            }

            if (_placedSet.Add(modelObject))
            {
                _placed.Add(modelObject);
            }

            var itemStatistics = MeshStatistics.Create();
            Emit(part, modelObject, item.Transform.Then(toMillimetres), 0, ref itemStatistics);
            _total.Merge(itemStatistics, absoluteVolume: true);
        }

        ReportProblems();
        var geometry = _geometry?.ToMeshData();
        return new ModelAssembly(_total.ToMetadata(), geometry, _placed);
    }

    private void Emit(ModelPart part, ModelObject modelObject, AffineTransform transform, int depth, ref MeshStatistics statistics)
    {
        if (++_instances > _limits.MaxObjectInstances)
        {
            _instanceCapHit = true;
            return;
        }

        if (modelObject.Type == "other")
        {
            return;
        }

        EmitMesh(modelObject, transform, ref statistics);
        foreach (var component in modelObject.Components)
        {
            if (depth + 1 > _limits.MaxComponentDepth)
            {
                _depthCapHit = true;
                return;
            }

            var componentPart = component.Part is null ? part : _loadPart(component.Part);
            if (componentPart is null || !componentPart.Objects.TryGetValue(component.ObjectId, out var child))
            {
                _missingObjects++;
                continue;
            }

            Emit(componentPart, child, component.Transform.Then(transform), depth + 1, ref statistics);
        }
    }

    private void EmitMesh(ModelObject modelObject, in AffineTransform transform, ref MeshStatistics statistics)
    {
        var triangleCount = modelObject.TriangleCount;
        if (triangleCount == 0 || _triangleCapHit)
        {
            return;
        }

        if (_emitted + triangleCount > _limits.MaxInstancedTriangles)
        {
            _triangleCapHit = true;
            return;
        }

        _emitted += triangleCount;
        var source = CollectionsMarshal.AsSpan(modelObject.Vertices);
        var indices = CollectionsMarshal.AsSpan(modelObject.Triangles);
        var vertexCount = modelObject.VertexCount;
        var rented = ArrayPool<float>.Shared.Rent(Math.Max(source.Length, 1));
        try
        {
            var placed = rented.AsSpan(0, source.Length);
            transform.Apply(source, placed);
            for (var t = 0; t + 2 < indices.Length; t += 3)
            {
                int a = indices[t], b = indices[t + 1], c = indices[t + 2];
                if ((uint)a >= (uint)vertexCount || (uint)b >= (uint)vertexCount || (uint)c >= (uint)vertexCount)
                {
                    _badIndices++;
                    continue;
                }

                var pa = placed.Slice(a * 3, 3);
                var pb = placed.Slice(b * 3, 3);
                var pc = placed.Slice(c * 3, 3);
                if (!MeshStatistics.IsFinite(pa[0], pa[1], pa[2], pb[0], pb[1], pb[2], pc[0], pc[1], pc[2]))
                {
                    _nonFinite++;
                    continue;
                }

                statistics.Add(pa[0], pa[1], pa[2], pb[0], pb[1], pb[2], pc[0], pc[1], pc[2]);
                _geometry?.Add(pa[0], pa[1], pa[2], pb[0], pb[1], pb[2], pc[0], pc[1], pc[2]);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private void ReportProblems()
    {
        if (_missingObjects > 0)
        {
            _problems.Add($"{_missingObjects} build item(s) or component(s) refer to objects that do not exist.");
        }

        if (_badIndices > 0)
        {
            _problems.Add($"{_badIndices} triangle(s) refer to vertices that do not exist and were skipped.");
        }

        if (_nonFinite > 0)
        {
            _problems.Add($"{_nonFinite} triangle(s) with non-finite coordinates were skipped.");
        }

        if (_depthCapHit)
        {
            _problems.Add($"Components nest deeper than {_limits.MaxComponentDepth} levels (or form a cycle); the deeper ones were ignored.");
        }

        if (_instanceCapHit)
        {
            _problems.Add($"More than {_limits.MaxObjectInstances} object instances; the rest were ignored.");
        }

        if (_triangleCapHit)
        {
            _problems.Add($"More than {_limits.MaxInstancedTriangles} placed triangles; the rest were ignored.");
        }

        if (_geometry?.Overflowed == true)
        {
            _problems.Add($"The model has more than {_maxGeometryTriangles} triangles; it was measured but not kept for rendering.");
        }
    }
}
