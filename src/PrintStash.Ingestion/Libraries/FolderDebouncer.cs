namespace PrintStash.Ingestion.Libraries;

/// <summary>
/// Folds watcher hints per folder: a folder is handed out once it has been quiet for the debounce time, so a burst of
/// thousands of events becomes one scan per folder (and the coordinator merges those further).
/// </summary>
public sealed class FolderDebouncer(TimeSpan quiet, TimeProvider time)
{
    public const int MaxFolders = 10_000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, DateTimeOffset> lastHint = new(StringComparer.Ordinal);
    private bool overflowed;

    public void Hint(string folder)
    {
        lock (gate)
        {
            if (overflowed)
            {
                return;
            }

            if (lastHint.Count >= MaxFolders && !lastHint.ContainsKey(folder))
            {
                // Too many distinct folders to track: scanning the root is cheaper than remembering them all.
                overflowed = true;
                lastHint.Clear();
                lastHint[string.Empty] = time.GetUtcNow();
                return;
            }

            lastHint[folder] = time.GetUtcNow();
        }
    }

    public void HintRoot()
    {
        lock (gate)
        {
            overflowed = true;
            lastHint.Clear();
            lastHint[string.Empty] = time.GetUtcNow();
        }
    }

    /// <summary>Folders quiet for the debounce time ("" is the root); they are forgotten once taken.</summary>
    public IReadOnlyList<string> TakeQuiet()
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var ready = lastHint.Where(p => now - p.Value >= quiet).Select(p => p.Key).ToList();
            foreach (var folder in ready)
            {
                lastHint.Remove(folder);
            }

            if (lastHint.Count == 0)
            {
                overflowed = false;
            }

            return ready;
        }
    }
}
