namespace PrintStash.Domain.Entities;

/// <summary>A printable thing: its files are grouped in revisions. Trashed when <see cref="DeletedAt"/> is set.</summary>
public sealed class Model
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? Creator { get; set; }

    public string? SourceUrl { get; set; }

    public string? License { get; set; }

    public string? Notes { get; set; }

    public Guid OwnerId { get; set; }

    public Guid? CollectionId { get; set; }

    public Collection? Collection { get; set; }

    /// <summary>The file whose thumbnail represents the model in grids (set by the pipeline).</summary>
    public Guid? CoverFileId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? DeletedAt { get; set; }

    /// <summary>For models built from a library folder: the volume, and the folder (or root file) relative path.</summary>
    public Guid? LibraryVolumeId { get; set; }

    public string? LibraryFolder { get; set; }

    public List<Revision> Revisions { get; } = [];

    public List<VaultFile> Files { get; } = [];

    public List<Tag> Tags { get; } = [];
}
