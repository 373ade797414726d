using PrintStash.Ingestion.Vault;

namespace PrintStash.Web.Components.Vault;

/// <summary>One entry of a collection drop-down: the tree flattened, each name indented by its depth.</summary>
public sealed record CollectionOption(Guid Id, string Text, string Name, int Depth, int ModelCount);

public static class CollectionOptions
{
    /// <summary>The value of the "none" entry (drop-downs hold a plain Guid; a null value would read as "nothing picked").</summary>
    public static readonly Guid None = Guid.Empty;

    // Em spaces: HTML does not collapse them, so the indentation survives in the drop-down.
    private const string Indent = "\u2003";

    /// <summary>The tree in display order (parents before their children), optionally with a leading "none" entry.</summary>
    public static IReadOnlyList<CollectionOption> Flatten(IReadOnlyList<CollectionNode> tree, string? noneText = null)
    {
        var options = new List<CollectionOption>();
        if (noneText is not null)
        {
            options.Add(new CollectionOption(None, noneText, noneText, 0, 0));
        }

        Add(tree, 0, options);
        return options;
    }

    private static void Add(IReadOnlyList<CollectionNode> nodes, int depth, List<CollectionOption> options)
    {
        foreach (var node in nodes)
        {
            options.Add(new CollectionOption(node.Id, string.Concat(Enumerable.Repeat(Indent, depth)) + node.Name, node.Name, depth, node.ModelCount));
            Add(node.Children, depth + 1, options);
        }
    }
}
