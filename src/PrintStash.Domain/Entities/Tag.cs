namespace PrintStash.Domain.Entities;

public sealed class Tag
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Upper-case invariant form of <see cref="Name"/>, unique.</summary>
    public required string NormalizedName { get; set; }

    public List<Model> Models { get; } = [];

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}
