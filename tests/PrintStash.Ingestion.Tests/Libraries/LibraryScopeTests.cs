using PrintStash.Ingestion.Libraries;

namespace PrintStash.Ingestion.Tests.Libraries;

public sealed class LibraryScopeTests
{
    [Theory]
    [InlineData("a/b", true)]
    [InlineData("a/b/part.stl", true)]
    [InlineData("a/b/c/d/part.stl", true)]
    [InlineData("a/bc/part.stl", false)]
    [InlineData("a/part.stl", false)]
    [InlineData("part.stl", false)]
    [InlineData("x/a/b/part.stl", false)]
    public void Folder_scope_covers_the_folder_and_everything_below_it_only(string path, bool covered)
    {
        Assert.Equal(covered, new LibraryScope(["a/b", "z"]).Covers(path));
    }

    [Fact]
    public void Root_files_scope_covers_only_files_directly_in_the_root()
    {
        Assert.True(LibraryScope.RootFilesOnly.Covers("part.stl"));
        Assert.False(LibraryScope.RootFilesOnly.Covers("a/part.stl"));
    }

    [Fact]
    public void Merge_collapses_nested_folders_and_keeps_siblings_that_share_a_prefix()
    {
        var merged = new LibraryScope(["a/b/c", "a/bc"]).Merge(new LibraryScope(["a/b", "a/b/d"]));

        Assert.Equal(["a/b", "a/bc"], merged.Folders.Order(StringComparer.Ordinal));
        Assert.True(merged.Covers("a/b/c/part.stl"));
        Assert.False(merged.IsRoot);
    }

    [Fact]
    public void Scope_given_other_folders_with_a_with_expression_covers_the_new_ones()
    {
        var first = new LibraryScope(["a"]);
        Assert.True(first.Covers("a/part.stl"));

        var second = first with { Folders = ["b"] };

        Assert.False(second.Covers("a/part.stl"));
        Assert.True(second.Covers("b/part.stl"));
    }

    [Fact]
    public void Scope_with_an_empty_folder_is_the_whole_root()
    {
        var scope = new LibraryScope(["a", string.Empty]);

        Assert.True(scope.IsRoot);
        Assert.True(scope.Covers("z/part.stl"));
    }
}
