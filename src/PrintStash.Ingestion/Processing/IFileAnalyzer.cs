using PrintStash.Ingestion.Formats;

namespace PrintStash.Ingestion.Processing;

/// <summary>An image to store as a thumbnail blob (PNG or JPEG bytes).</summary>
public sealed record ThumbnailImage(byte[] Data, int Width, int Height);

/// <summary>What processing learned about a stored file: its metadata and the thumbnails to keep.</summary>
public sealed record FileInsight(FileAnalysis Analysis, ThumbnailImage? Thumbnail, ThumbnailImage? SmallThumbnail, string? ThumbnailProblem);

/// <summary>Reads a stored file with the right format reader and finds or renders its thumbnail.</summary>
public interface IFileAnalyzer
{
    Task<FileInsight> AnalyzeAsync(string path, FileKind kind, CancellationToken cancellationToken);
}
