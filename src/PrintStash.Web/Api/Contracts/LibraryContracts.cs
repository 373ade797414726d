namespace PrintStash.Web.Api.Contracts;

/// <summary>A library volume to create or change. Schedule: hourly, nightly, weekly, a Quartz cron, or empty for none. WatchMode: Auto, Always, Never.</summary>
public sealed record LibraryRequest(
    string? Name,
    string? RootPath,
    bool? Enabled,
    string? WatchMode,
    string? Schedule,
    string? IncludeGlobs,
    string? ExcludeGlobs,
    int? MissingGraceHours,
    double? MaxVanishPercent,
    string? MarkerFile);

public sealed record LibraryResponse(
    Guid Id,
    string Name,
    string RootPath,
    bool Enabled,
    string WatchMode,
    string? Schedule,
    string? IncludeGlobs,
    string? ExcludeGlobs,
    int MissingGraceHours,
    double MaxVanishPercent,
    string? MarkerFile,
    bool ReadOnly,
    int Files,
    int MissingFiles,
    string? FileSystem,
    string WatcherStatus,
    string WatcherDetail,
    DateTimeOffset? NextScan,
    ScanRunResponse? LastScan,
    ScanJobResponse? RunningScan);

public sealed record ScanRunResponse(
    Guid Id,
    string Trigger,
    string Scope,
    DateTime StartedAt,
    DateTime? EndedAt,
    string Outcome,
    string? Message,
    int Seen,
    int Added,
    int Updated,
    int Moved,
    int Removed,
    int Errors,
    IReadOnlyList<string> Problems);

public sealed record ScanJobResponse(
    Guid Id,
    Guid LibraryId,
    string Library,
    string Trigger,
    string Scope,
    string Status,
    string Phase,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int Seen,
    int ToHash,
    int Hashed,
    int Added,
    int Updated,
    int Moved,
    int Removed,
    int Errors,
    double FilesPerSecond,
    double? EtaSeconds,
    bool FollowUpQueued,
    string? Message);

/// <summary>What the last scan would remove, held back for review.</summary>
public sealed record ReviewResponse(Guid ScanId, string? Reason, int Count, IReadOnlyList<string> Paths);
