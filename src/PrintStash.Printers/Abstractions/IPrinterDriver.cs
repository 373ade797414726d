using PrintStash.Domain.Entities;

namespace PrintStash.Printers.Abstractions;

/// <summary>One per printer kind (Moonraker, Bambu, PrusaLink); registered in DI, chosen by <see cref="Kind"/>.</summary>
public interface IPrinterDriver
{
    PrinterKind Kind { get; }

    IPrinterConnection CreateConnection(PrinterDefinition printer);

    /// <summary>For the add-printer form: reachable? credentials accepted? printer ready? Never throws for printer problems.</summary>
    Task<PrinterTestResult> TestAsync(PrinterDefinition printer, CancellationToken cancellationToken);
}
