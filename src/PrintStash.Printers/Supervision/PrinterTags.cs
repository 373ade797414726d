namespace PrintStash.Printers.Supervision;

/// <summary>Tags are stored comma-separated on the printer row.</summary>
public static class PrinterTags
{
    public static IReadOnlyList<string> Split(string? stored) =>
        string.IsNullOrWhiteSpace(stored)
            ? []
            : stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string? Join(IEnumerable<string>? tags)
    {
        var clean = (tags ?? []).Select(t => t.Replace(",", " ", StringComparison.Ordinal).Trim()).Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return clean.Count == 0 ? null : string.Join(',', clean);
    }
}
