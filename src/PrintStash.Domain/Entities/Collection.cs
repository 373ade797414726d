namespace PrintStash.Domain.Entities;

/// <summary>A folder-like group of models; collections nest.</summary>
public sealed class Collection
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public Guid? ParentId { get; set; }

    public Collection? Parent { get; set; }

    public List<Collection> Children { get; } = [];

    public DateTime CreatedAt { get; set; }
}
