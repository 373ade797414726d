namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>What a mesh reader returns: the facts about the file and, when asked for, the triangles to render.</summary>
/// <param name="Analysis">Kind, mesh facts, names, raw values and problems.</param>
/// <param name="Geometry">The triangles, or null when geometry was not requested, the file holds none, or it exceeds <see cref="MeshReadOptions.MaxGeometryTriangles"/>.</param>
public sealed record MeshReadResult(FileAnalysis Analysis, MeshData? Geometry);
