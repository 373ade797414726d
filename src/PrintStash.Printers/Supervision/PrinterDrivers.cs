using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Supervision;

/// <summary>The registered drivers, one per printer kind; when a kind is registered twice the last registration wins.</summary>
public sealed class PrinterDrivers(IEnumerable<IPrinterDriver> drivers)
{
    private readonly Dictionary<PrinterKind, IPrinterDriver> byKind = drivers
        .GroupBy(d => d.Kind)
        .ToDictionary(g => g.Key, g => g.Last());

    public IPrinterDriver? For(PrinterKind kind) => byKind.GetValueOrDefault(kind);

    public static string Missing(PrinterKind kind) => $"No {kind} driver is installed in this PrintStash build.";
}
