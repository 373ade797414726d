namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>Distinct object names in order of first appearance, capped.</summary>
internal sealed class ObjectNames
{
    public const int MaxNames = 1000;

    private readonly List<string> names = [];
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Names => names;

    public void Add(string? name)
    {
        var trimmed = name?.Trim().Trim('\'', '"').Trim();
        if (string.IsNullOrEmpty(trimmed) || names.Count >= MaxNames || !seen.Add(trimmed))
        {
            return;
        }

        names.Add(trimmed);
    }
}
