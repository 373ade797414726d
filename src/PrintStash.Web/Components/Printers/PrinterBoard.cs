using PrintStash.Printers.Abstractions;

namespace PrintStash.Web.Components.Printers;

/// <summary>What the dashboard filters on; null means "any".</summary>
public sealed record PrinterBoardFilter(PrinterStateGroup? State = null, string? Tag = null, string? Location = null)
{
    public bool Matches(PrinterSnapshot s) =>
        (State is not { } state || PrinterFormat.StateGroup(s) == state)
        && (Tag is null || s.Tags.Contains(Tag, StringComparer.OrdinalIgnoreCase))
        && (Location is null || string.Equals(s.Location, Location, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The dashboard's copy of the hub: the newest snapshot per printer, sorted by name, with the tag and location values
/// for the filters. Not thread-safe: the component applies batches on its own dispatcher.
/// </summary>
public sealed class PrinterBoard
{
    private readonly Dictionary<Guid, PrinterSnapshot> printers = [];
    private IReadOnlyList<PrinterSnapshot>? sorted;

    public PrinterBoard(IEnumerable<PrinterSnapshot> current)
    {
        foreach (var snapshot in current)
        {
            printers[snapshot.PrinterId] = snapshot;
        }
    }

    public int Count => printers.Count;

    public IReadOnlyList<PrinterSnapshot> All => sorted ??= printers.Values
        .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(p => p.PrinterId).ToList();

    public IReadOnlyList<string> Tags => printers.Values.SelectMany(p => p.Tags).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

    public IReadOnlyList<string> Locations => printers.Values.Select(p => p.Location).OfType<string>().Where(l => l.Length > 0)
        .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

    public int CountIn(PrinterStateGroup group) => printers.Values.Count(p => PrinterFormat.StateGroup(p) == group);

    /// <summary>True while a badge counts down to a retry, so the page ticks once a second only then.</summary>
    public bool AnyRetryPending => printers.Values.Any(p => p.NextRetryAt is not null);

    public IEnumerable<PrinterSnapshot> Filtered(PrinterBoardFilter filter) => All.Where(filter.Matches);

    /// <summary>Applies a change batch; stale snapshots (lower version) are ignored. Returns whether anything changed.</summary>
    public bool Apply(PrinterChangeBatch batch)
    {
        var changed = false;
        if (batch.Resync)
        {
            // The hub dropped batches for this subscriber: the batch holds every printer; anything else is gone.
            var present = batch.Changed.Select(s => s.PrinterId).ToHashSet();
            foreach (var gone in printers.Keys.Where(id => !present.Contains(id)).ToList())
            {
                changed |= printers.Remove(gone);
            }
        }

        foreach (var snapshot in batch.Changed)
        {
            if (!printers.TryGetValue(snapshot.PrinterId, out var old) || old.Version <= snapshot.Version)
            {
                changed |= !ReferenceEquals(old, snapshot);
                printers[snapshot.PrinterId] = snapshot;
            }
        }

        foreach (var id in batch.Removed)
        {
            changed |= printers.Remove(id);
        }

        if (changed)
        {
            sorted = null;
        }

        return changed;
    }
}
