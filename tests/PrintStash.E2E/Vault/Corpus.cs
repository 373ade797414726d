namespace PrintStash.E2E.Vault;

/// <summary>The shared test corpus next to the repository: <c>&lt;repo&gt;/../shared/corpus/files</c>.</summary>
internal static class Corpus
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "..", "shared", "corpus", "files");
            if (File.Exists(Path.Combine(directory.FullName, "PrintStash.sln")) && Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new InvalidOperationException($"The corpus (<repo>/../shared/corpus/files) was not found above {AppContext.BaseDirectory}.");
    });

    public static string PathOf(string name) => Path.Combine(Folder.Value, name);
}
