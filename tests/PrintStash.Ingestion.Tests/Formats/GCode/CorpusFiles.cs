namespace PrintStash.Ingestion.Tests.Formats.GCode;

/// <summary>
/// The shared, read-only test corpus at <c>&lt;repo&gt;/../shared/corpus</c> (real slicer output, see its MANIFEST.md).
/// Found by walking up from the test binaries to the folder that holds <c>shared/corpus</c>.
/// </summary>
internal static class CorpusFiles
{
    private static readonly Lazy<string> Root = new(() => CorpusLocation.Root);

    public static string Directory => Root.Value;

    public static string File(string name) => Path.Combine(Root.Value, "files", name);

    public static string ExtractedThumbnail(string name) => Path.Combine(Root.Value, "thumbs_extracted", name);

    public static string Manifest => Path.Combine(Root.Value, "MANIFEST.json");
}
