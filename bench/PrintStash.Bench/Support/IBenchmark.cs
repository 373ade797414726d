namespace PrintStash.Bench.Support;

/// <summary>One benchmark: measures, prints a table and records PASS/MISS verdicts in the context.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    /// <summary>True for the quick ones that <c>all</c> runs; the slow ones that write gigabytes run only when named.</summary>
    bool IncludedInAll { get; }

    Task RunAsync(BenchContext context, CancellationToken cancellationToken);
}
