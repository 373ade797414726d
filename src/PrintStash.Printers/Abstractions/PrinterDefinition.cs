using PrintStash.Domain.Entities;

namespace PrintStash.Printers.Abstractions;

/// <summary>What a driver needs to reach one printer; the secret is already decrypted.</summary>
public sealed record PrinterDefinition(
    Guid Id,
    string Name,
    PrinterKind Kind,
    string Address,
    string? Secret,
    string? UserName = null,
    string? SerialNumber = null,
    string? TrustedCertificateSha256 = null);
