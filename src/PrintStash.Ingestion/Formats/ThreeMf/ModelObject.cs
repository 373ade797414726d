namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>An <c>&lt;object&gt;</c> of a model part: a mesh (packed xyz vertices, index triples) and/or components.</summary>
internal sealed class ModelObject(int id, string? name, string type)
{
    public int Id { get; } = id;

    public string? Name { get; } = name;

    /// <summary><c>model</c>, <c>support</c>, <c>solidsupport</c>, <c>surface</c> or <c>other</c>.</summary>
    public string Type { get; } = type;

    public List<float> Vertices { get; } = [];

    public List<int> Triangles { get; } = [];

    public List<ModelComponent> Components { get; } = [];

    public int VertexCount => Vertices.Count / 3;

    public int TriangleCount => Triangles.Count / 3;
}
