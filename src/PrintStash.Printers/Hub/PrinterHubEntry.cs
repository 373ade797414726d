using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Hub;

/// <summary>The hub's state for one printer; <see cref="Gate"/> serialises writers, readers take the immutable snapshot.</summary>
internal sealed class PrinterHubEntry(PrinterSnapshot snapshot, PrinterHistoryRing history)
{
    public Lock Gate { get; } = new();

    public PrinterSnapshot Snapshot { get; set; } = snapshot;

    public PrinterHistoryRing History { get; } = history;

    public PrinterThumbnail? Thumbnail { get; set; }
}

/// <summary>The thumbnail of the file a printer is printing, as the driver delivered it.</summary>
internal sealed record PrinterThumbnail(byte[] Image, string ContentType, string Key);
