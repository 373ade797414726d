using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;

namespace PrintStash.Ingestion.Pipeline;

/// <summary>Where an incoming file goes: into an existing model, or a new model named after the file.</summary>
public abstract record IngestTarget
{
    public sealed record ExistingModel(Guid ModelId) : IngestTarget;

    public sealed record NewModel(string? Name = null, Guid? CollectionId = null) : IngestTarget;
}

/// <summary>One file entering the vault, from any entry point.</summary>
public sealed record IngestRequest(Stream Content, string OriginalName, IngestTarget Target, AuditActor Actor, IngestOrigin Origin)
{
    /// <summary>Tags added to the model (created when missing).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// Set when <see cref="Content"/> is a file its owner hands over (an upload's temp file, an import folder): if it
    /// is on the storage filesystem the pipeline renames it into storage instead of copying its bytes, and the file
    /// is gone from this path afterwards whatever the outcome. On another filesystem it is left alone and
    /// <see cref="Content"/> is streamed as usual.
    /// </summary>
    public string? HandOverPath { get; init; }
}

public enum IngestOutcome
{
    Added,
    Duplicate,
    Rejected,
}

/// <summary>What happened to an incoming file; <see cref="Message"/> is meant for the person who sent it.</summary>
public sealed record IngestResult(
    IngestOutcome Outcome,
    string Message,
    Guid? ModelId = null,
    Guid? FileId = null,
    Guid? RevisionId = null,
    int? RevisionNumber = null,
    bool CreatedModel = false,
    bool IsRecommended = false,
    string? DisplayName = null,
    string? BlobHash = null)
{
    public static IngestResult Rejected(string message) => new(IngestOutcome.Rejected, message);
}
