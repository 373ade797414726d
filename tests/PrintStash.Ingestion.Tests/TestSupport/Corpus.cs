namespace PrintStash.Ingestion.Tests.TestSupport;

/// <summary>The shared corpus of real slicer files, next to the repository (../shared/corpus).</summary>
internal static class Corpus
{
    public static string FilesDirectory => Path.Combine(Root, "files");

    public static string Root => CorpusLocation.Root;

    public static string File(string name) => Path.Combine(FilesDirectory, name);

    public static byte[] Bytes(string name) => System.IO.File.ReadAllBytes(File(name));
}
