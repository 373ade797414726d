namespace PrintStash.Domain.Entities;

public sealed class Favorite
{
    public Guid UserId { get; set; }

    public Guid ModelId { get; set; }

    public DateTime CreatedAt { get; set; }
}
