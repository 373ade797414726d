namespace PrintStash.E2E.Vault;

/// <summary>The shared test corpus next to the repository: <c>&lt;repo&gt;/../shared/corpus/files</c>.</summary>
internal static class Corpus
{
    public static string PathOf(string name) => CorpusLocation.File(name);
}
