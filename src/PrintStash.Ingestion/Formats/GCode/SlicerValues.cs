namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>Read access to the raw key/value map with the parsing helpers every mapper needs.</summary>
internal sealed class SlicerValues(IReadOnlyDictionary<string, string> values)
{
    /// <summary>The first of <paramref name="keys"/> that has a non-empty value.</summary>
    public string? Get(params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    public bool Has(string key) => Get(key) is not null;

    /// <summary>First list entry of the first present key, as a number.</summary>
    public double? Number(params ReadOnlySpan<string> keys) => NumberText.TryParseFirst(Get(keys), out var value) ? value : null;

    /// <summary>Per-extruder list summed (<c>5123.92, 0.00</c>).</summary>
    public double? Sum(params ReadOnlySpan<string> keys) => NumberText.TryParseSum(Get(keys), out var value) ? value : null;

    /// <summary>First entry of a list, unquoted (<c>"PLA";"PETG"</c> → <c>PLA</c>).</summary>
    public string? Text(params ReadOnlySpan<string> keys) => NumberText.FirstListItem(Get(keys));

    /// <summary>All values stored for <paramref name="key"/>, including Slic3r-style repeats kept as <c>key (2)</c>.</summary>
    public IEnumerable<string> AllOf(string key)
    {
        if (Get(key) is { } first)
        {
            yield return first;
        }

        for (var n = 2; n <= 9 && Get($"{key} ({n})") is { } next; n++)
        {
            yield return next;
        }
    }
}
