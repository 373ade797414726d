using PrintStash.Ingestion.Formats;

namespace PrintStash.Ingestion.Pipeline;

/// <summary>A revision as the assigner sees it: its number and the display names of its live files.</summary>
public sealed record RevisionView(Guid Id, int Number, IReadOnlyList<(string Name, FileKind Kind)> Files);

/// <summary>Where a new file lands: an existing revision, or a new one with the next number.</summary>
public sealed record RevisionChoice(Guid? ExistingRevisionId, int Number);

/// <summary>
/// The revision rule, in one place: a mesh/project file starts a new revision (unless the newest one has no source
/// file yet); a print file joins the revision whose source file name is the longest prefix of its own name, else the newest one.
/// </summary>
public static class RevisionAssigner
{
    public static RevisionChoice Assign(IReadOnlyList<RevisionView> revisions, string displayName, FileKind kind)
    {
        var newest = revisions.OrderByDescending(r => r.Number).FirstOrDefault();
        if (newest is null)
        {
            return new RevisionChoice(null, 1);
        }

        if (kind.IsPrintFile())
        {
            // The longest matching source name wins ("bracket_v2_pla" belongs to "bracket_v2", not "bracket").
            var stem = DisplayNames.WithoutExtensions(displayName);
            var matching = revisions
                .SelectMany(r => r.Files.Where(f => f.Kind.IsSource()).Select(f => (Revision: r, Source: DisplayNames.WithoutExtensions(f.Name))))
                .Where(x => stem.StartsWith(x.Source, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(x => x.Source.Length).ThenByDescending(x => x.Revision.Number)
                .Select(x => x.Revision)
                .FirstOrDefault();
            return new RevisionChoice((matching ?? newest).Id, (matching ?? newest).Number);
        }

        return newest.Files.Any(f => f.Kind.IsSource())
            ? new RevisionChoice(null, newest.Number + 1)
            : new RevisionChoice(newest.Id, newest.Number);
    }
}
