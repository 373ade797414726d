using PrintStash.E2E.Infrastructure;

namespace PrintStash.E2E.Libraries;

/// <summary>
/// A server of its own for the libraries flow: its models (one per folder of the shared folder) must not show up in the
/// counts other browser tests assert on the shared server, and its watcher must see only this test's folder.
/// </summary>
public sealed class LibrariesAppFixture : SignedInAppFixture
{
    protected override Task<AppHost> StartAppAsync() => AppHost.StartAsync(bootstrapAdmin: true);
}
