using PrintStash.Ingestion.Pipeline;

namespace PrintStash.Ingestion.Libraries;

/// <summary>
/// The folder → model rule: every folder with printable files is one model named after the folder; a file directly in
/// the root is a model of its own, named after the file.
/// </summary>
public static class LibraryLayout
{
    public static string ParentFolder(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? string.Empty : relativePath[..slash];
    }

    /// <summary>The key of the model a file belongs to: its folder, or the file itself when it lies in the root.</summary>
    public static string ModelFolder(string relativePath)
    {
        var parent = ParentFolder(relativePath);
        return parent.Length == 0 ? relativePath : parent;
    }

    public static string ModelName(string modelFolder)
    {
        var name = modelFolder[(modelFolder.LastIndexOf('/') + 1)..];
        return modelFolder.Contains('/') || !Path.HasExtension(name) ? name : DisplayNames.WithoutExtensions(name);
    }
}
