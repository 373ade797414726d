namespace PrintStash.Printers.Tests.Architecture;

public sealed class DependencyDirectionTests
{
    [Fact]
    public void Printers_references_only_Domain()
    {
        var project = ProjectReferenceRules.LoadProject("PrintStash.Printers");

        Assert.Equal(["PrintStash.Domain"], ProjectReferenceRules.ProjectReferences(project));
    }

    [Fact]
    public void Printers_does_not_use_AspNetCore()
    {
        var project = ProjectReferenceRules.LoadProject("PrintStash.Printers");

        Assert.Equal("Microsoft.NET.Sdk", ProjectReferenceRules.Sdk(project));
        Assert.DoesNotContain(ProjectReferenceRules.FrameworkReferences(project), f => f.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Web_is_the_only_project_that_references_Ingestion_and_Printers_together()
    {
        var web = ProjectReferenceRules.ProjectReferences(ProjectReferenceRules.LoadProject("PrintStash.Web"));
        var ingestion = ProjectReferenceRules.ProjectReferences(ProjectReferenceRules.LoadProject("PrintStash.Ingestion"));

        Assert.Contains("PrintStash.Ingestion", web);
        Assert.Contains("PrintStash.Printers", web);
        Assert.DoesNotContain("PrintStash.Printers", ingestion);
    }
}
