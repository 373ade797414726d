namespace PrintStash.Ingestion.Libraries;

public static class LibraryReview
{
    /// <summary>At most this many paths are kept for the review list; the count is always exact.</summary>
    public const int MaxListed = 10_000;
}
