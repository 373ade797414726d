using PrintStash.Ingestion.Formats.Mesh;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>The placed geometry of a package: statistics in millimetres, optional triangles, the objects placed by build items.</summary>
internal sealed record ModelAssembly(MeshMetadata Mesh, MeshData? Geometry, IReadOnlyList<ModelObject> PlacedObjects);
