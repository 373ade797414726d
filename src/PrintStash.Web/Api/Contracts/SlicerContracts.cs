namespace PrintStash.Web.Api.Contracts;

/// <summary>
/// What became of a slicer upload. <paramref name="Link"/>: Requested (model given), ObjectName or FileName (matched
/// an existing model's mesh file, named in <paramref name="MatchedSourceFile"/>), NewModel.
/// </summary>
public sealed record SlicerUploadResponse(IngestResultResponse Result, string Link, string? MatchedSourceFile, string Message);

/// <summary>A short-lived link a desktop slicer can download without signing in, and the slicer URL that opens it.</summary>
public sealed record SlicerLinkResponse(string App, string DownloadUrl, string OpenUrl, DateTimeOffset ExpiresAt);

public sealed record SlicerEngineResponse(string Kind, string Path);

/// <summary>Which slicer programs the server can run; <paramref name="Message"/> says how to enable slicing when none.</summary>
public sealed record SlicingStatusResponse(IReadOnlyList<SlicerEngineResponse> Engines, int TimeoutSeconds, string? Message);

public sealed record SlicerProfileResponse(Guid Id, string Name, string Kind, string Format, int Settings, DateTime UpdatedAt, string? Content = null);

public sealed record UpdateSlicerProfileRequest(string? Name, string? Content);

public sealed record SliceRequestBody(Guid? PrinterProfileId, Guid? FilamentProfileId, Guid? ProcessProfileId);

public sealed record SliceJobResponse(
    Guid Id, Guid SourceFileId, string SourceName, Guid ModelId, string Profiles, string State, int Progress, string? Message,
    Guid? ResultFileId, DateTime CreatedAt, DateTime? FinishedAt);
