namespace PrintStash.Web.Slicing;

/// <summary>A desktop slicer that registers a URL scheme to open a file from a download link.</summary>
public sealed record SlicerApp(string Key, string Name, string Scheme)
{
    /// <summary>"orcaslicer://open?file=https%3A%2F%2F…" — the slicer downloads the file itself.</summary>
    public string OpenUrl(string downloadUrl) => $"{Scheme}://open?file={Uri.EscapeDataString(downloadUrl)}";
}

public static class SlicerApps
{
    public static readonly IReadOnlyList<SlicerApp> All =
    [
        new("orca", "OrcaSlicer", "orcaslicer"),
        new("prusa", "PrusaSlicer", "prusaslicer"),
        new("bambu", "Bambu Studio", "bambustudio"),
        new("cura", "Cura", "cura"),
    ];

    public static SlicerApp? Find(string? key) => All.FirstOrDefault(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses the stored choice ("orca,prusa"); null means every slicer, empty means none.</summary>
    public static IReadOnlyList<SlicerApp> FromPreference(string? stored) =>
        stored is null ? All : All.Where(a => stored.Split(',', StringSplitOptions.TrimEntries).Contains(a.Key, StringComparer.OrdinalIgnoreCase)).ToList();

    public static string ToPreference(IEnumerable<string> keys) =>
        string.Join(',', All.Where(a => keys.Contains(a.Key, StringComparer.OrdinalIgnoreCase)).Select(a => a.Key));
}
