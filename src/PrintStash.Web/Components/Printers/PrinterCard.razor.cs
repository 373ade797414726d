using Microsoft.AspNetCore.Components;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Web.Components.Printers;

public sealed partial class PrinterCard
{
    private PrinterSnapshot? rendered;
    private bool renderedCompact;
    private string? renderedClock;

    [Parameter, EditorRequired]
    public PrinterSnapshot Snapshot { get; set; } = default!;

    [Parameter]
    public bool Compact { get; set; }

    /// <summary>The page's clock (UTC), for "retrying in 12 s" and "ends in …"; a tick re-renders only cards whose text changes.</summary>
    [Parameter]
    public DateTime Now { get; set; }

    private PrinterStatus Status => Snapshot.Status;

    private string State => PrinterFormat.StateText(Snapshot);

    private string StateClass => PrinterFormat.StateClass(Snapshot);

    private string? Connection => PrinterFormat.ConnectionText(Snapshot, Now);

    private string? Eta => PrinterFormat.EtaText(Snapshot, Now);

    /// <summary>Heaters only (they have a target); sensors such as the host CPU are on the printer page.</summary>
    private IEnumerable<HeaterReading> Heaters => Status.Heaters.Where(h => h.Target is not null);

    private bool ShowJob => Snapshot.Connection == PrinterConnectionState.Online
        && Status.Activity is PrinterActivity.Printing or PrinterActivity.Paused
        && (Status.Progress is not null || Status.FileName is not null);

    private int ProgressPercent => (int)Math.Floor(Math.Clamp(Status.Progress ?? 0, 0, 1) * 100);

    /// <summary>Skips the render when neither the snapshot nor any clock-dependent text changed.</summary>
    protected override bool ShouldRender()
    {
        var clock = Connection + "|" + Eta;
        if (ReferenceEquals(rendered, Snapshot) && renderedCompact == Compact && renderedClock == clock)
        {
            return false;
        }

        rendered = Snapshot;
        renderedCompact = Compact;
        renderedClock = clock;
        return true;
    }
}
