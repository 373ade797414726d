namespace PrintStash.Ingestion.Tests.TestSupport;

/// <summary>The shared corpus of real slicer files, next to the repository (../shared/corpus).</summary>
internal static class Corpus
{
    public static string FilesDirectory => Path.Combine(Root, "files");

    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null)
            {
                var candidate = Path.Combine(directory.FullName, "shared", "corpus");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }

                directory = directory.Parent;
            }

            throw new DirectoryNotFoundException("shared/corpus not found above " + AppContext.BaseDirectory + "; the corpus must sit beside the repository.");
        }
    }

    public static string File(string name) => Path.Combine(FilesDirectory, name);

    public static byte[] Bytes(string name) => System.IO.File.ReadAllBytes(File(name));
}
