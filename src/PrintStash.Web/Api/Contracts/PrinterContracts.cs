namespace PrintStash.Web.Api.Contracts;

/// <summary>A configured printer and, when the hub knows it, its live state. The secret never leaves the server.</summary>
public sealed record PrinterResponse(
    Guid Id,
    string Name,
    string Slug,
    string Kind,
    string Address,
    bool HasSecret,
    string? UserName,
    string? SerialNumber,
    string? TrustedCertificateSha256,
    string? Location,
    IReadOnlyList<string> Tags,
    bool Enabled,
    DateTime CreatedAt,
    PrinterLiveResponse? Live);

public sealed record HeaterResponse(string Name, double Current, double? Target);

public sealed record PrinterLiveResponse(
    string Connection,
    DateTime? NextRetryAt,
    string? ConnectionError,
    DateTime? LastSeenAt,
    string Activity,
    string? FileName,
    double? Progress,
    double? ElapsedSeconds,
    double? RemainingSeconds,
    DateTime? Eta,
    int? CurrentLayer,
    int? TotalLayers,
    double? SpeedFactor,
    double? FanSpeed,
    string? Message,
    string? CurrentObject,
    IReadOnlyList<HeaterResponse> Heaters,
    Guid? CurrentJobId,
    string? ThumbnailUrl,
    string? Firmware);

/// <summary>Create/update/test body. On update a null <see cref="Secret"/> keeps the stored one.</summary>
public sealed record PrinterRequest(
    string? Name,
    string? Kind,
    string? Address,
    string? Secret,
    string? UserName = null,
    string? SerialNumber = null,
    string? TrustedCertificateSha256 = null,
    string? Location = null,
    IReadOnlyList<string>? Tags = null,
    bool? Enabled = null);

public sealed record FieldProblemResponse(string Field, string Message);

public sealed record PrinterTestResponse(bool Succeeded, string? Summary, IReadOnlyList<FieldProblemResponse> Problems, string? PresentedCertificateSha256);

public sealed record StartPrintRequest(string? FileName);

/// <summary>Send the vault file <see cref="FileId"/> to the printer and, when <see cref="Start"/>, print it.</summary>
public sealed record SendFileRequest(Guid FileId, bool Start = false);

public sealed record PrinterSampleResponse(DateTime At, double? Progress, IReadOnlyList<HeaterResponse> Heaters);

public sealed record JobResponse(
    Guid Id,
    Guid PrinterId,
    string PrinterName,
    string PrinterJobId,
    string FileName,
    Guid? FileId,
    Guid? UserId,
    string? UserName,
    string Status,
    DateTime StartedAt,
    DateTime? EndedAt,
    double PrintSeconds,
    double TotalSeconds,
    double? FilamentUsedMm,
    double? FilamentUsedGrams);

public sealed record JobPageResponse(IReadOnlyList<JobResponse> Items, string? NextCursor);

public sealed record JobTotalsResponse(
    Guid PrinterId,
    int Jobs,
    int Completed,
    int Finished,
    double PrintSeconds,
    double FilamentUsedMm,
    double FilamentUsedGrams,
    double LongestPrintSeconds,
    double? SuccessRate);
