using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Storage;

namespace PrintStash.Ingestion.Processing;

/// <summary>
/// The after-commit steps of the pipeline for one file: metadata, then thumbnail. A failure marks the file with the
/// reason and never touches the stored bytes.
/// </summary>
public sealed class FileProcessor(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    BlobStore blobs,
    PrintStash.Ingestion.Libraries.FileContentLocator locator,
    IFileAnalyzer analyzer,
    VaultChangeFeed changes,
    PrintStash.Ingestion.Pipeline.VaultWriteLock writeLock,
    TimeProvider time,
    ILogger<FileProcessor> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task ProcessAsync(Guid fileId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var file = await context.Files.FirstOrDefaultAsync(f => f.Id == fileId, cancellationToken);
        if (file is null || (file.MetadataState != ProcessingState.Pending && file.ThumbnailState != ProcessingState.Pending))
        {
            return;
        }

        var kind = Enum.TryParse<FileKind>(file.Kind, out var parsed) ? parsed : FileKind.Unknown;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        // The analysis is the slow part and runs unlocked; storing thumbnails and their blob rows happens under the
        // vault write lock, so the trash purge never sees a thumbnail blob between its bytes and its row.
        using var writeAccess = await AnalyzeAndLockAsync(context, file, kind, timeout.Token, cancellationToken);
        await context.SaveChangesAsync(CancellationToken.None);
        changes.Publish(new VaultChange(VaultChangeKind.FileProcessed, file.ModelId, file.Id));
    }

    private async Task<IDisposable> AnalyzeAndLockAsync(PrintStashDbContext context, VaultFile file, FileKind kind, CancellationToken analysisToken, CancellationToken cancellationToken)
    {
        FileInsight? insight = null;
        try
        {
            var path = await locator.PathOfAsync(file, analysisToken)
                ?? throw new FileNotFoundException("the library volume of this file no longer exists");
            insight = await analyzer.AnalyzeAsync(path, kind, analysisToken);
            ApplyMetadata(file, insight.Analysis);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            MarkFailed(file, $"processing took longer than {Timeout.TotalMinutes:0} minutes and was stopped");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Processing {File} ({Name}) failed", file.Id, file.DisplayName);
            MarkFailed(file, ex is IOException or UnauthorizedAccessException ? $"the stored file could not be read: {ex.Message}" : $"unexpected error: {ex.Message}");
        }

        var writeAccess = await writeLock.AcquireAsync(cancellationToken);
        try
        {
            if (insight is not null)
            {
                await ApplyThumbnailsAsync(context, file, insight, cancellationToken);
                await UpdateCoverAsync(context, file, cancellationToken);
            }
        }
        catch (IOException ex)
        {
            MarkFailed(file, $"the thumbnail could not be stored: {ex.Message}");
        }
        catch
        {
            writeAccess.Dispose();
            throw;
        }

        return writeAccess;
    }

    private static void ApplyMetadata(VaultFile file, FileAnalysis analysis)
    {
        // Thumbnails are stored as blobs; their bytes do not belong in every metadata read.
        file.MetadataJson = JsonSerializer.Serialize(analysis with { Thumbnails = [] }, Json);
        file.MetadataState = ProcessingState.Done;
        file.FilamentType = Truncate(analysis.Print?.FilamentType, 64);
        file.PrinterModel = Truncate(analysis.Print?.PrinterModel, 128);
        file.Slicer = Truncate(analysis.Print?.Slicer, 64);
        file.EstimatedSeconds = analysis.Print?.EstimatedTime is { } t && t.TotalSeconds is > 0 and < int.MaxValue ? (int)t.TotalSeconds : null;
        file.FilamentWeightG = analysis.Print?.FilamentWeightG;
        if (analysis.Problems.Count > 0)
        {
            AddError(file, $"metadata incomplete: {analysis.Problems[0]}" + (analysis.Problems.Count > 1 ? $" (+{analysis.Problems.Count - 1} more)" : string.Empty));
        }
    }

    private async Task ApplyThumbnailsAsync(PrintStashDbContext context, VaultFile file, FileInsight insight, CancellationToken cancellationToken)
    {
        if (insight.Thumbnail is null)
        {
            file.ThumbnailState = insight.ThumbnailProblem is null ? ProcessingState.NotApplicable : ProcessingState.Failed;
            if (insight.ThumbnailProblem is not null)
            {
                AddError(file, $"thumbnail failed: {insight.ThumbnailProblem}");
            }

            return;
        }

        file.ThumbnailHash = await StoreAsync(context, insight.Thumbnail, cancellationToken);
        file.SmallThumbnailHash = insight.SmallThumbnail is null ? file.ThumbnailHash : await StoreAsync(context, insight.SmallThumbnail, cancellationToken);
        file.ThumbnailState = ProcessingState.Done;
    }

    private async Task<string> StoreAsync(PrintStashDbContext context, ThumbnailImage image, CancellationToken cancellationToken)
    {
        var hash = await blobs.PutAsync(image.Data, cancellationToken);
        await BlobRows.EnsureAsync(context, hash, image.Data.Length, time.GetUtcNow().UtcDateTime, cancellationToken);
        return hash;
    }

    // A model whose cover has no picture (a STEP, a G-code without preview) takes the first file that has one.
    private static async Task UpdateCoverAsync(PrintStashDbContext context, VaultFile file, CancellationToken cancellationToken)
    {
        if (file.ThumbnailHash is null)
        {
            return;
        }

        var model = await context.Models.FirstAsync(m => m.Id == file.ModelId, cancellationToken);
        var coverHasPicture = model.CoverFileId is { } coverId && coverId != file.Id
            && await context.Files.AnyAsync(f => f.Id == coverId && f.DeletedAt == null && f.ThumbnailHash != null, cancellationToken);
        if (!coverHasPicture)
        {
            model.CoverFileId = file.Id;
        }
    }

    private static void MarkFailed(VaultFile file, string reason)
    {
        if (file.MetadataState == ProcessingState.Pending)
        {
            file.MetadataState = ProcessingState.Failed;
        }

        if (file.ThumbnailState == ProcessingState.Pending)
        {
            file.ThumbnailState = ProcessingState.Failed;
        }

        AddError(file, $"processing failed: {reason}");
    }

    private static void AddError(VaultFile file, string error) =>
        file.ProcessingError = Truncate(file.ProcessingError is null ? error : $"{file.ProcessingError}; {error}", 1000);

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
