namespace PrintStash.Ingestion.Tests.Architecture;

public sealed class DependencyDirectionTests
{
    [Fact]
    public void Ingestion_references_only_Domain()
    {
        var project = ProjectReferenceRules.LoadProject("PrintStash.Ingestion");

        Assert.Equal(["PrintStash.Domain"], ProjectReferenceRules.ProjectReferences(project));
    }

    [Fact]
    public void Ingestion_does_not_use_AspNetCore()
    {
        var project = ProjectReferenceRules.LoadProject("PrintStash.Ingestion");

        Assert.Equal("Microsoft.NET.Sdk", ProjectReferenceRules.Sdk(project));
        Assert.DoesNotContain(ProjectReferenceRules.FrameworkReferences(project), f => f.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Domain_references_no_other_project()
    {
        var project = ProjectReferenceRules.LoadProject("PrintStash.Domain");

        Assert.Empty(ProjectReferenceRules.ProjectReferences(project));
        Assert.Empty(ProjectReferenceRules.FrameworkReferences(project));
    }
}
