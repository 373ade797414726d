using PrintStash.Ingestion.Libraries;

namespace PrintStash.Ingestion.Tests.Libraries;

/// <summary>The diff as a pure function: what vanished, what is new or changed, with and without a full match.</summary>
public sealed class LibraryDiffTests
{
    private static readonly DateTime Earlier = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static IndexedFile Known(string path, DateTime? missingSince = null, bool trashed = false) =>
        new(Guid.NewGuid(), Guid.NewGuid(), path, 10, 100, "hash-" + path, missingSince, trashed);

    private static WalkResult Walk(IEnumerable<string> paths, params string[] unreadable) =>
        new([.. paths.Select(p => new WalkedFile(p, 10, 100))], [], 1, true, [.. unreadable]);

    private static Dictionary<string, IndexedFile> Index(params IndexedFile[] files) => files.ToDictionary(f => f.Path, StringComparer.Ordinal);

    [Fact]
    public void Diff_of_an_unchanged_tree_has_nothing_to_do()
    {
        var index = Index(Known("a/1.stl"), Known("a/2.stl"), Known("b/3.stl"));

        var diff = LibraryDiff.Compute(index, Walk(index.Keys), LibraryScope.Root);

        Assert.Empty(diff.ToHash);
        Assert.Empty(diff.Changed);
        Assert.Empty(diff.Returned);
        Assert.Empty(diff.Vanished);
    }

    [Fact]
    public void Diff_lists_the_live_file_the_walk_did_not_see_even_when_a_new_file_keeps_the_count()
    {
        var index = Index(Known("a/1.stl"), Known("a/2.stl"));

        var diff = LibraryDiff.Compute(index, Walk(["a/1.stl", "a/new.stl"]), LibraryScope.Root);

        Assert.Equal(["a/2.stl"], diff.Vanished.Select(f => f.Path));
        Assert.Equal(["a/new.stl"], diff.ToHash.Select(f => f.RelativePath));
    }

    [Fact]
    public void Diff_does_not_count_missing_trashed_or_unreadable_files_as_vanished()
    {
        var index = Index(Known("a/1.stl"), Known("a/gone.stl", missingSince: Earlier), Known("a/binned.stl", trashed: true), Known("locked/x.stl"));

        var diff = LibraryDiff.Compute(index, Walk(["a/1.stl"], "locked"), LibraryScope.Root);

        Assert.Empty(diff.Vanished);
    }

    [Fact]
    public void Diff_in_a_folder_scope_ignores_files_outside_it()
    {
        var index = Index(Known("a/1.stl"), Known("b/2.stl"), Known("b/3.stl"));

        var diff = LibraryDiff.Compute(index, Walk(["b/2.stl"]), new LibraryScope(["b"]));

        Assert.Equal(["b/3.stl"], diff.Vanished.Select(f => f.Path));
    }

    [Fact]
    public void Diff_returns_a_missing_file_that_is_back_unchanged()
    {
        var index = Index(Known("a/1.stl", missingSince: Earlier));

        var diff = LibraryDiff.Compute(index, Walk(["a/1.stl"]), LibraryScope.Root);

        Assert.Equal(["a/1.stl"], diff.Returned.Select(f => f.Path));
        Assert.Empty(diff.Vanished);
    }
}
