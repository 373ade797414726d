namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>One parsed model XML part (<c>3D/3dmodel.model</c> or a production-extension part).</summary>
internal sealed class ModelPart(string entryName)
{
    public string EntryName { get; } = entryName;

    /// <summary>The <c>unit</c> attribute as written (millimeter when absent).</summary>
    public string Unit { get; set; } = "millimeter";

    /// <summary>Model-level <c>&lt;metadata name=".."&gt;</c> values.</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, ModelObject> Objects { get; } = [];

    /// <summary>Build items, in document order.</summary>
    public List<ModelComponent> BuildItems { get; } = [];

    /// <summary>Vertices, triangles or references that could not be read.</summary>
    public long MalformedElements { get; set; }
}
