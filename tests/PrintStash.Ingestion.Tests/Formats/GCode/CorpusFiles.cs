namespace PrintStash.Ingestion.Tests.Formats.GCode;

/// <summary>
/// The shared, read-only test corpus at <c>&lt;repo&gt;/../shared/corpus</c> (real slicer output, see its MANIFEST.md).
/// Found by walking up from the test binaries to the folder that holds <c>shared/corpus</c>.
/// </summary>
internal static class CorpusFiles
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Directory => Root.Value;

    public static string File(string name) => Path.Combine(Root.Value, "files", name);

    public static string ExtractedThumbnail(string name) => Path.Combine(Root.Value, "thumbs_extracted", name);

    public static string Manifest => Path.Combine(Root.Value, "MANIFEST.json");

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
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
