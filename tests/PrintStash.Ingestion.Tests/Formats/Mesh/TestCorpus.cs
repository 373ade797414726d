using System.Globalization;
using System.Text.Json;

namespace PrintStash.Ingestion.Tests.Formats.Mesh;

/// <summary>
/// The shared real-file corpus at <c>&lt;repo&gt;/../shared/corpus</c>, found by walking up from the test binaries,
/// and its <c>MANIFEST.json</c> (the ground truth: admesh values for STL, zip/model facts for 3MF).
/// </summary>
internal static class TestCorpus
{
    private static readonly Lazy<string> Root = new(() => CorpusLocation.Root);
    private static readonly Lazy<JsonDocument> ManifestDocument = new(() => JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(Root.Value, "MANIFEST.json"))));

    public static string Directory => Root.Value;

    /// <summary>Full path of a file under <c>files/</c>; fails with a clear message when it is not there.</summary>
    public static string File(string name)
    {
        var path = Path.Combine(Root.Value, "files", name);
        Assert.True(System.IO.File.Exists(path), $"Corpus file '{name}' is missing from {Path.Combine(Root.Value, "files")}.");
        return path;
    }

    /// <summary>The manifest entries of one section (<c>stl</c>, <c>3mf</c>, <c>other</c>, <c>gcode</c>).</summary>
    public static IEnumerable<JsonElement> Section(string section) => ManifestDocument.Value.RootElement.GetProperty(section).EnumerateArray();

    public static JsonElement Entry(string section, string file) =>
        Section(section).Single(e => e.GetProperty("file").GetString() == file);

    /// <summary>An admesh-reported STL value (written as text with 6 decimals).</summary>
    public static double Admesh(string stlFile, string key) =>
        double.Parse(Entry("stl", stlFile).GetProperty("admesh").GetProperty(key).GetString()!, CultureInfo.InvariantCulture);
}
