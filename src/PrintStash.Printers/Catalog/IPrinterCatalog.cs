using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Catalog;

/// <summary>What the add/edit form sends. <see cref="Secret"/> null on update keeps the stored secret.</summary>
public sealed record PrinterInput(
    string Name,
    PrinterKind Kind,
    string Address,
    string? Secret,
    string? UserName = null,
    string? SerialNumber = null,
    string? TrustedCertificateSha256 = null,
    string? Location = null,
    IReadOnlyList<string>? Tags = null,
    bool Enabled = true);

/// <summary>A configured printer as the UI and API see it; the secret never leaves the server.</summary>
public sealed record PrinterSummary(
    Guid Id,
    string Name,
    string Slug,
    PrinterKind Kind,
    string Address,
    bool HasSecret,
    string? UserName,
    string? SerialNumber,
    string? TrustedCertificateSha256,
    string? Location,
    IReadOnlyList<string> Tags,
    bool Enabled,
    DateTime CreatedAt);

/// <summary>Saved printer, or field-level problems ("Name": "already used by another printer").</summary>
public sealed record PrinterSaveResult(PrinterSummary? Printer, IReadOnlyList<PrinterFieldProblem> Problems)
{
    public bool Succeeded => Printer is not null;
}

/// <summary>Printer configuration: validation, encrypted secrets, audit, and reconciling the supervisors on change.</summary>
public interface IPrinterCatalog
{
    Task<IReadOnlyList<PrinterSummary>> ListAsync(CancellationToken cancellationToken);

    Task<PrinterSummary?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<PrinterSummary?> FindBySlugAsync(string slug, CancellationToken cancellationToken);

    Task<PrinterSaveResult> CreateAsync(PrinterInput input, AuditActor actor, CancellationToken cancellationToken);

    Task<PrinterSaveResult> UpdateAsync(Guid id, PrinterInput input, AuditActor actor, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(Guid id, AuditActor actor, CancellationToken cancellationToken);

    /// <summary>Tests the form's values with the kind's driver; on an existing printer a null secret uses the stored one.</summary>
    Task<PrinterTestResult> TestAsync(PrinterInput input, Guid? existingId, CancellationToken cancellationToken);
}
