using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Pipeline;

namespace PrintStash.Ingestion.Slicing;

/// <summary>How a sliced upload found its model.</summary>
public enum ModelLink
{
    /// <summary>The sender named the model.</summary>
    Requested,

    /// <summary>An object name inside the G-code is the name of a model's mesh file.</summary>
    ObjectName,

    /// <summary>The G-code's name starts with the name of a model's mesh file ("bracket_0.2mm_PLA.gcode" → "bracket.stl").</summary>
    FileName,

    /// <summary>Nothing matched: the upload started a model of its own.</summary>
    NewModel,
}

public sealed record ModelMatch(Guid ModelId, string ModelName, string SourceFileName, ModelLink Link);

/// <summary>
/// Finds the model a sliced file was made from: first by the object names the slicer embedded, then by the longest
/// mesh file name that prefixes the G-code's name at a word boundary. Among equal matches the most recently changed model wins.
/// </summary>
public sealed class SourceModelMatcher(IDbContextFactory<PrintStashDbContext> contextFactory)
{
    private static readonly string[] SourceExtensions = [".stl", ".3mf", ".obj", ".step", ".stp", ".zip", ".STL", ".3MF", ".OBJ"];
    private const int MaxCandidates = 500;

    public async Task<ModelMatch?> FindAsync(string displayName, IReadOnlyList<string> objectNames, CancellationToken cancellationToken)
    {
        var byObject = await FindBestAsync(ObjectCandidates(objectNames), ModelLink.ObjectName, cancellationToken);
        return byObject ?? await FindBestAsync(PrefixCandidates(DisplayNames.WithoutExtensions(displayName)), ModelLink.FileName, cancellationToken);
    }

    /// <summary>The most recently changed live model with exactly this name (ignoring case).</summary>
    public async Task<Guid?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var clean = name.Trim();
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var models = await context.Models.Live().AsNoTracking().Where(m => m.Name.ToLower() == clean.ToLower())
            .OrderByDescending(m => m.UpdatedAt).Select(m => m.Id).Take(1).ToListAsync(cancellationToken);
        return models.Count == 0 ? null : models[0];
    }

    /// <summary>"bracket.stl" as written, and "bracket" with each mesh extension (Cura and Orca sometimes drop it).</summary>
    internal static IEnumerable<string> ObjectCandidates(IReadOnlyList<string> objectNames) =>
        objectNames.Take(50).SelectMany(name =>
        {
            var clean = DisplayNames.Normalize(name);
            if (clean is null)
            {
                return [];
            }

            var stem = DisplayNames.WithoutExtensions(clean);
            return FileKinds.FromFileName(clean).IsSource() ? [clean] : SourceExtensions.Select(e => stem + e);
        });

    /// <summary>Every prefix of the stem that ends at a word boundary, each with each mesh extension; longest first.</summary>
    internal static IEnumerable<string> PrefixCandidates(string stem)
    {
        var prefixes = new List<string>();
        for (var end = stem.Length; end > 0; end--)
        {
            var atBoundary = end == stem.Length || !char.IsLetterOrDigit(stem[end]);
            if (atBoundary && char.IsLetterOrDigit(stem[end - 1]))
            {
                prefixes.Add(stem[..end]);
            }
        }

        return prefixes.Take(40).SelectMany(p => SourceExtensions.Select(e => p + e));
    }

    private async Task<ModelMatch?> FindBestAsync(IEnumerable<string> candidates, ModelLink link, CancellationToken cancellationToken)
    {
        var names = candidates.Distinct(StringComparer.Ordinal).Take(MaxCandidates).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var hits = await context.Files.Live().AsNoTracking()
            .Where(f => !f.IsPrintFile && names.Contains(f.DisplayName))
            .Select(f => new { f.ModelId, ModelName = f.Model!.Name, f.DisplayName, f.Model.UpdatedAt })
            .ToListAsync(cancellationToken);
        var best = hits
            .OrderBy(h => names.IndexOf(h.DisplayName))
            .ThenByDescending(h => h.UpdatedAt)
            .FirstOrDefault();
        return best is null ? null : new ModelMatch(best.ModelId, best.ModelName, best.DisplayName, link);
    }
}
