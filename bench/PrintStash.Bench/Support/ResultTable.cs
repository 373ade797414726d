namespace PrintStash.Bench.Support;

/// <summary>A plain-text table (Markdown pipe syntax, so it can be pasted into docs/benchmarks.md as it is).</summary>
internal sealed class ResultTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public void Add(params string[] cells) => rows.Add(cells);

    public void Print()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        Console.WriteLine(Line(headers, widths));
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows)
        {
            Console.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        "| " + string.Join(" | ", widths.Select((w, i) => (i < cells.Length ? cells[i] : string.Empty).PadRight(w))) + " |";
}
