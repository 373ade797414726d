using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Persistence;

namespace PrintStash.Printers.Jobs;

/// <summary>
/// Finds the vault print file a printer job printed: by content hash when PrintStash sent it, else by file name and
/// size, narrowed by the slicer's estimate when several files qualify. Ambiguity leaves the job unlinked rather than
/// linking the wrong file.
/// </summary>
internal static class VaultFileMatcher
{
    private const int MaxCandidates = 20;

    public static async Task<Guid?> ByHashAsync(PrintStashDbContext context, string sha256, CancellationToken cancellationToken) =>
        await context.Files.AsNoTracking()
            .Where(f => f.BlobHash == sha256 && f.IsPrintFile && f.DeletedAt == null)
            .OrderByDescending(f => f.CreatedAt)
            .Select(f => (Guid?)f.Id)
            .FirstOrDefaultAsync(cancellationToken);

    public static async Task<Guid?> ByNameAndSizeAsync(PrintStashDbContext context, string fileName, long? size, string? metadataJson, CancellationToken cancellationToken)
    {
        var name = PendingSends.BareName(fileName);
        if (name.Length == 0)
        {
            return null;
        }

        var query = context.Files.AsNoTracking().Where(f => f.DisplayName == name && f.IsPrintFile && f.DeletedAt == null);
        if (size is { } knownSize)
        {
            query = query.Where(f => f.Size == knownSize);
        }

        var candidates = await query
            .OrderByDescending(f => f.CreatedAt)
            .Select(f => new { f.Id, f.BlobHash, f.EstimatedSeconds })
            .Take(MaxCandidates)
            .ToListAsync(cancellationToken);
        if (candidates.Select(c => c.BlobHash).Distinct().Count() > 1 && EstimatedSeconds(metadataJson) is { } estimate)
        {
            candidates = candidates.Where(c => c.EstimatedSeconds is { } s && Math.Abs(s - estimate) <= Math.Max(2, estimate * 0.01)).ToList();
        }

        // The same bytes under several models are one print file for matching purposes: take the newest.
        return candidates.Count > 0 && candidates.Select(c => c.BlobHash).Distinct().Count() == 1 ? candidates[0].Id : null;
    }

    /// <summary>The slicer's print-time estimate from printer metadata (Moonraker "estimated_time").</summary>
    private static double? EstimatedSeconds(string? metadataJson)
    {
        if (string.IsNullOrWhiteSpace(metadataJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(metadataJson);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("estimated_time", out var value) &&
                   value.ValueKind == JsonValueKind.Number &&
                   value.TryGetDouble(out var seconds) && seconds > 0
                ? seconds
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
