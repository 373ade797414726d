namespace PrintStash.E2E.Infrastructure;

/// <summary>
/// All browser tests share one Chromium and one running app with a bootstrap Admin, and run one after the other:
/// the machine has two cores, and a browser plus servers competing for them makes timings flaky.
/// </summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<BrowserFixture>, ICollectionFixture<AdminAppFixture>
{
    public const string Name = "E2E";
}
