namespace PrintStash.Printers.Abstractions;

/// <summary>
/// A batch of changed snapshots (coalesced: the newest snapshot per printer) and removed printers. <see cref="Resync"/>
/// is set when the subscriber fell behind and batches were dropped: <see cref="Changed"/> then holds every printer, and
/// printers the subscriber knows but that are not in it are gone.
/// </summary>
public sealed record PrinterChangeBatch(IReadOnlyList<PrinterSnapshot> Changed, IReadOnlyList<Guid> Removed, bool Resync = false);

/// <summary>The current snapshots plus a stream of change batches; ending the enumeration ends the subscription.</summary>
public sealed record PrinterSubscription(IReadOnlyList<PrinterSnapshot> Current, IAsyncEnumerable<PrinterChangeBatch> Changes);

/// <summary>One sample of the per-printer history (ring buffer, last hour).</summary>
public sealed record PrinterSample(DateTime At, double? Progress, IReadOnlyList<HeaterReading> Heaters);

/// <summary>The in-memory owner of every printer's live snapshot; what components and endpoints read.</summary>
public interface IPrinterHub
{
    IReadOnlyList<PrinterSnapshot> Snapshots { get; }

    PrinterSnapshot? Find(Guid printerId);

    /// <summary>The subscriber's channel is registered before the snapshot is taken, so no change is missed.</summary>
    PrinterSubscription Subscribe(CancellationToken cancellationToken);

    IReadOnlyList<PrinterSample> History(Guid printerId);

    /// <summary>Thumbnail of the file being printed, or null.</summary>
    (ReadOnlyMemory<byte> Image, string ContentType)? Thumbnail(Guid printerId);
}
