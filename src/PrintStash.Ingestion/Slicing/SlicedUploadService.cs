using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.GCode;
using PrintStash.Ingestion.Pipeline;

namespace PrintStash.Ingestion.Slicing;

/// <summary>A file sent by a slicer (post-processing hook, OctoPrint-style upload, server-side slicing).</summary>
public sealed record SlicedUploadRequest(Stream Content, string FileName, AuditActor Actor, IngestOrigin Origin)
{
    /// <summary>Put the file into this model instead of looking for one.</summary>
    public Guid? ModelId { get; init; }

    /// <summary>Put the file into the live model with this name, or a new model with this name.</summary>
    public string? ModelName { get; init; }

    /// <summary>Collection for a model this upload creates.</summary>
    public Guid? CollectionId { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
}

public sealed record SlicedUploadResult(IngestResult Ingest, ModelLink Link, string? MatchedSourceFile);

/// <summary>
/// Links a sliced file to the model it was made from, then hands it to the ingestion pipeline. Only the first MiB is
/// held in memory (to read the embedded object names); the rest streams straight through.
/// </summary>
public sealed class SlicedUploadService(IngestionPipeline pipeline, SourceModelMatcher matcher)
{
    public const int PeekBytes = 1 << 20;

    public async Task<SlicedUploadResult> UploadAsync(SlicedUploadRequest request, CancellationToken cancellationToken)
    {
        if (request.ModelId is { } modelId)
        {
            var requested = await PersistAsync(request, request.Content, new IngestTarget.ExistingModel(modelId), cancellationToken);
            return new SlicedUploadResult(requested, ModelLink.Requested, null);
        }

        if (!string.IsNullOrWhiteSpace(request.ModelName))
        {
            var named = await matcher.FindByNameAsync(request.ModelName, cancellationToken);
            IngestTarget namedTarget = named is null ? new IngestTarget.NewModel(request.ModelName, request.CollectionId) : new IngestTarget.ExistingModel(named.Value);
            return new SlicedUploadResult(await PersistAsync(request, request.Content, namedTarget, cancellationToken), ModelLink.Requested, null);
        }

        var displayName = DisplayNames.Normalize(request.FileName) ?? request.FileName;
        var kind = FileKinds.FromFileName(displayName);
        if (!kind.IsPrintFile())
        {
            var own = await PersistAsync(request, request.Content, new IngestTarget.NewModel(null, request.CollectionId), cancellationToken);
            return new SlicedUploadResult(own, ModelLink.NewModel, null);
        }

        var content = request.Content;
        IReadOnlyList<string> objectNames = [];
        if (kind == FileKind.GCode)
        {
            var (head, length) = await PeekedStream.ReadHeadAsync(request.Content, PeekBytes, cancellationToken);
            using (var window = new MemoryStream(head, 0, length, writable: false))
            {
                objectNames = (await GCodeReader.AnalyzeAsync(window, cancellationToken)).ObjectNames;
            }

            content = new PeekedStream(head, length, request.Content);
        }

        var match = await matcher.FindAsync(displayName, objectNames, cancellationToken);
        IngestTarget target = match is null ? new IngestTarget.NewModel(null, request.CollectionId) : new IngestTarget.ExistingModel(match.ModelId);
        var result = await PersistAsync(request, content, target, cancellationToken);
        return new SlicedUploadResult(result, match?.Link ?? ModelLink.NewModel, match?.SourceFileName);
    }

    private Task<IngestResult> PersistAsync(SlicedUploadRequest request, Stream content, IngestTarget target, CancellationToken cancellationToken) =>
        pipeline.PersistAsync(new IngestRequest(content, request.FileName, target, request.Actor, request.Origin) { Tags = request.Tags }, cancellationToken);
}
