namespace PrintStash.Domain.Entities;

/// <summary>Which protocol a printer speaks; each kind has one driver folder in PrintStash.Printers.</summary>
public enum PrinterKind
{
    Moonraker = 0,
    Bambu = 1,
    PrusaLink = 2,
}
