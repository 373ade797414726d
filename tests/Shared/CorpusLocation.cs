namespace PrintStash.Tests.Shared;

/// <summary>
/// Where the shared corpus of real slicer and CAD files lives: <c>&lt;repo&gt;/../shared/corpus</c>, found by walking up
/// from the test binaries. Every test project asks here instead of searching on its own.
/// </summary>
internal static class CorpusLocation
{
    private static readonly Lazy<string> RootPath = new(Locate);

    /// <summary>The corpus folder (holds MANIFEST.json, files/, thumbs_extracted/, scad/).</summary>
    public static string Root => RootPath.Value;

    public static string FilesDirectory => Path.Combine(Root, "files");

    public static string File(string name) => Path.Combine(FilesDirectory, name);

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "corpus");
            if (System.IO.File.Exists(Path.Combine(candidate, "MANIFEST.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"The shared test corpus was not found: no 'shared/corpus/MANIFEST.json' in any parent of {AppContext.BaseDirectory}. " +
            "It is expected next to the repository root (<repo>/../shared/corpus).");
    }
}
