using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.BGCode;
using PrintStash.Ingestion.Formats.GCode;
using PrintStash.Ingestion.Formats.Mesh;
using PrintStash.Ingestion.Formats.Step;
using PrintStash.Ingestion.Formats.ThreeMf;
using PrintStash.Ingestion.Thumbnails;

namespace PrintStash.Ingestion.Processing;

/// <summary>
/// Sends each file kind to its reader, then picks the preview: an image embedded by the slicer if there is one,
/// else a render of the mesh.
/// </summary>
public sealed class FormatAnalyzer : IFileAnalyzer
{
    public async Task<FileInsight> AnalyzeAsync(string path, FileKind kind, CancellationToken cancellationToken) => kind switch
    {
        FileKind.GCode => FromEmbedded(await GCodeReader.AnalyzeAsync(path, cancellationToken), missingReason: null),
        FileKind.BGCode => FromEmbedded(await BGCodeReader.AnalyzeAsync(path, cancellationToken), missingReason: null),
        FileKind.Stl => await Task.Run(() => FromMesh(StlReader.Read(path, MeshReadOptions.Default, cancellationToken), cancellationToken), cancellationToken),
        FileKind.Obj => await Task.Run(() => FromMesh(ObjReader.Read(path, MeshReadOptions.Default, cancellationToken), cancellationToken), cancellationToken),
        FileKind.ThreeMf or FileKind.GCode3mf => FromPackage(await ThreeMfReader.ReadAsync(path, MeshReadOptions.Default, cancellationToken: cancellationToken), cancellationToken),
        FileKind.Step => new FileInsight(StepReader.Read(path, cancellationToken), null, null, null),
        _ => new FileInsight(FileAnalysis.Empty(kind), null, null, null),
    };

    /// <summary>
    /// The largest embedded image becomes the thumbnail, the smallest one of at least 64 px the grid variant.
    /// A print file sliced without previews is normal (no preview, not a failure): <paramref name="missingReason"/> is null then.
    /// </summary>
    private static FileInsight FromEmbedded(FileAnalysis analysis, string? missingReason)
    {
        var images = analysis.Thumbnails.Where(t => t is { Width: > 0, Height: > 0, Data.Length: > 0 }).OrderByDescending(t => t.Width * t.Height).ToList();
        if (images.Count == 0)
        {
            return new FileInsight(analysis, null, null, missingReason);
        }

        var large = images[0];
        var small = images.LastOrDefault(t => Math.Min(t.Width, t.Height) >= 64) ?? large;
        return new FileInsight(analysis, new ThumbnailImage(large.Data, large.Width, large.Height), new ThumbnailImage(small.Data, small.Width, small.Height), null);
    }

    /// <summary>3MF projects and sliced packages usually carry a preview; only when they don't is the mesh rendered.</summary>
    private static FileInsight FromPackage(MeshReadResult result, CancellationToken cancellationToken)
    {
        var embedded = FromEmbedded(result.Analysis, missingReason: null);
        return embedded.Thumbnail is not null || result.Geometry is not { TriangleCount: > 0 }
            ? embedded with { ThumbnailProblem = embedded.Thumbnail is null ? "the package has no preview image and no mesh to draw" : null }
            : FromMesh(result, cancellationToken);
    }

    private static FileInsight FromMesh(MeshReadResult result, CancellationToken cancellationToken)
    {
        if (result.Geometry is not { TriangleCount: > 0 } geometry)
        {
            return new FileInsight(result.Analysis, null, null, "the mesh has no triangles to draw");
        }

        var rendered = MeshThumbnailRenderer.Render(geometry, cancellationToken: cancellationToken);
        return new FileInsight(
            result.Analysis,
            new ThumbnailImage(rendered.LargePng, rendered.LargeSize, rendered.LargeSize),
            new ThumbnailImage(rendered.SmallPng, rendered.SmallSize, rendered.SmallSize),
            null);
    }
}
