using System.Xml.Linq;

namespace PrintStash.Tests.Shared;

/// <summary>Reads a src project's csproj so the one-way dependency rules are checked where they are declared.</summary>
internal static class ProjectReferenceRules
{
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PrintStash.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PrintStash.sln not found above " + AppContext.BaseDirectory);
    }

    public static XDocument LoadProject(string name) =>
        XDocument.Load(Path.Combine(RepositoryRoot(), "src", name, name + ".csproj"));

    public static IReadOnlyList<string> ProjectReferences(XDocument project) =>
        project.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(((string?)r.Attribute("Include") ?? string.Empty).Replace('\\', '/')))
            .ToList();

    public static IReadOnlyList<string> FrameworkReferences(XDocument project) =>
        project.Descendants("FrameworkReference").Select(r => (string?)r.Attribute("Include") ?? string.Empty).ToList();

    public static string Sdk(XDocument project) => (string?)project.Root?.Attribute("Sdk") ?? string.Empty;
}
