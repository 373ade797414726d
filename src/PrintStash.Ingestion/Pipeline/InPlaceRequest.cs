using PrintStash.Domain.Audit;

namespace PrintStash.Ingestion.Pipeline;

/// <summary>A file of a library volume, already hashed, that stays where it is.</summary>
public sealed record InPlaceFile(string RelativePath, string Hash, long Size, long ModifiedTicks);

/// <summary>The files of one library model: a folder's printable files, or one file directly in the root.</summary>
public sealed record InPlaceModel(string Folder, string ModelName, IReadOnlyList<InPlaceFile> Files);

/// <summary>
/// Files entering the vault in place, in one batch (one transaction, one audit row): the bytes stay in the volume,
/// the rows point at them.
/// </summary>
public sealed record InPlaceRequest(Guid VolumeId, string VolumeName, Guid OwnerId, AuditActor Actor, IReadOnlyList<InPlaceModel> Models)
{
    /// <summary>Queue thumbnail and metadata extraction (the benchmark of the bare index turns this off).</summary>
    public bool QueueProcessing { get; init; } = true;
}

public sealed record InPlaceRejection(string RelativePath, string Reason);

public sealed record InPlaceResult(int Added, int ModelsCreated, IReadOnlyList<InPlaceRejection> Rejected);
