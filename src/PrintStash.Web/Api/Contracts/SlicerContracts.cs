namespace PrintStash.Web.Api.Contracts;

/// <summary>
/// What became of a slicer upload. <paramref name="Link"/>: Requested (model given), ObjectName or FileName (matched
/// an existing model's mesh file, named in <paramref name="MatchedSourceFile"/>), NewModel.
/// </summary>
public sealed record SlicerUploadResponse(IngestResultResponse Result, string Link, string? MatchedSourceFile, string Message);

/// <summary>A short-lived link a desktop slicer can download without signing in, and the slicer URL that opens it.</summary>
public sealed record SlicerLinkResponse(string App, string DownloadUrl, string OpenUrl, DateTimeOffset ExpiresAt);
