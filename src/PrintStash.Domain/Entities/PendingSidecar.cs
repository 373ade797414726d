namespace PrintStash.Domain.Entities;

/// <summary>
/// A model whose printstash.json in storage is behind its rows. Inserted in the same transaction as the change, so
/// a crash between the commit and the background sidecar write leaves the marker behind and the write is redone at start.
/// </summary>
public sealed class PendingSidecar
{
    public Guid ModelId { get; set; }

    /// <summary>Changed on every re-mark, so a sidecar written from an older state does not clear a newer mark.</summary>
    public Guid Ticket { get; set; }

    public DateTime MarkedAt { get; set; }
}
