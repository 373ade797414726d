namespace PrintStash.Domain.Entities;

/// <summary>Stored bytes, named by their SHA-256; identical content is stored once.</summary>
public sealed class Blob
{
    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public required string Hash { get; set; }

    public long Size { get; set; }

    public DateTime CreatedAt { get; set; }
}
