namespace PrintStash.Domain.Entities;

/// <summary>One version of a model: a mesh or project file and the print files sliced from it.</summary>
public sealed class Revision
{
    public Guid Id { get; set; }

    public Guid ModelId { get; set; }

    public Model? Model { get; set; }

    /// <summary>1, 2, 3… within the model.</summary>
    public int Number { get; set; }

    public string? Label { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<VaultFile> Files { get; } = [];
}
