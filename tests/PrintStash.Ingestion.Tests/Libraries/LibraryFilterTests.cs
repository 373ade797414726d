using PrintStash.Ingestion.Libraries;

namespace PrintStash.Ingestion.Tests.Libraries;

public sealed class LibraryFilterTests
{
    [Theory]
    [InlineData("a/part.stl", true)]
    [InlineData("a/part.STL", true)]
    [InlineData("a/readme.txt", false)]
    [InlineData("a/part.stl.part", false)]
    [InlineData("a/~$part.3mf", false)]
    [InlineData("a/._part.stl", false)]
    [InlineData("a/.DS_Store", false)]
    [InlineData("drafts/x.stl", false)]
    [InlineData("a/drafts/x.stl", false)]
    [InlineData("old/v1/x.gcode", false)]
    [InlineData("old/v2/x.gcode", true)]
    public void Index_file_applies_built_in_and_volume_excludes(string path, bool indexed)
    {
        var filter = new LibraryFilter(null, "drafts\nold/v1/**");

        Assert.Equal(indexed, filter.IndexPath(path));
    }

    [Fact]
    public void Include_globs_limit_what_is_indexed_and_ignore_files_add_excludes()
    {
        var filter = new LibraryFilter("*.gcode\n*.bgcode", null).WithIgnoreFile("a", ["secret*", "# comment"]);

        Assert.True(filter.IndexFile("x.gcode", "b/x.gcode"));
        Assert.False(filter.IndexFile("x.stl", "b/x.stl"));
        Assert.False(filter.IndexFile("secret.gcode", "a/secret.gcode"));
        Assert.True(filter.IndexFile("secret.gcode", "b/secret.gcode"));
    }

    [Fact]
    public void Folder_names_that_are_system_folders_are_not_walked()
    {
        var filter = new LibraryFilter(null, null);

        Assert.False(filter.WalkFolder("@eaDir", "a/@eaDir"));
        Assert.False(filter.WalkFolder("#recycle", "#recycle"));
        Assert.True(filter.WalkFolder("Benchy", "Benchy"));
    }
}
