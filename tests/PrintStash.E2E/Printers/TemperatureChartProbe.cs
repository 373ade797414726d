using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PrintStash.E2E.Printers;

/// <summary>
/// Reads what the Printer page's temperature chart really drew: each line series' SVG path (<c>g.rz-series-N path</c>),
/// named by the legend entry of the same index, as points in chart pixels.
/// </summary>
internal static partial class TemperatureChartProbe
{
    private const string ReadScript = """
        () => {
          const chart = document.querySelector('#temperature-chart');
          if (!chart) return [];
          const names = [...chart.querySelectorAll('.rz-legend-item')].map(item => item.textContent.trim());
          return [...chart.querySelectorAll('g.rz-line-series')].map(group => {
            const index = Number((group.getAttribute('class').match(/rz-series-(\d+)/) || [])[1]);
            const path = group.querySelector('path');
            return { name: names[index] ?? '', d: path ? path.getAttribute('d') : '' };
          });
        }
        """;

    public static async Task<IReadOnlyList<ChartLine>> ReadAsync(IPage page)
    {
        var lines = await page.EvaluateAsync<JsonElement>(ReadScript);
        return lines.EnumerateArray()
            .Select(line => new ChartLine(line.GetProperty("name").GetString()!, line.GetProperty("d").GetString() ?? string.Empty))
            .ToList();
    }

    /// <summary>Waits until <paramref name="condition"/> holds for what the chart shows, reading it every half second.</summary>
    public static async Task<IReadOnlyList<ChartLine>> WaitForAsync(IPage page, Func<IReadOnlyList<ChartLine>, bool> condition, TimeSpan timeout, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<ChartLine> lines = [];
        while (clock.Elapsed < timeout)
        {
            lines = await ReadAsync(page);
            if (condition(lines))
            {
                return lines;
            }

            await page.WaitForTimeoutAsync(500);
        }

        throw new TimeoutException($"The temperature chart did not show {what} within {timeout.TotalSeconds:0} s. It shows: {Describe(lines)}");
    }

    public static string Describe(IReadOnlyList<ChartLine> lines) =>
        lines.Count == 0 ? "no lines" : string.Join("; ", lines.Select(l => $"{l.Name}: {l.Points.Count} points, d=\"{l.D}\""));

    public static ChartLine Line(this IReadOnlyList<ChartLine> lines, string name) =>
        lines.FirstOrDefault(l => l.Name == name) ?? throw new InvalidOperationException($"No line \"{name}\" on the chart: {Describe(lines)}");

    public static ChartLine? Find(this IReadOnlyList<ChartLine> lines, string name) => lines.FirstOrDefault(l => l.Name == name);

    internal sealed record ChartLine(string Name, string D)
    {
        public IReadOnlyList<(double X, double Y)> Points { get; } = Parse(D);

        private static List<(double X, double Y)> Parse(string d)
        {
            var numbers = Number().Matches(d).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            return Enumerable.Range(0, numbers.Count / 2).Select(i => (numbers[2 * i], numbers[(2 * i) + 1])).ToList();
        }
    }

    [GeneratedRegex(@"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")]
    private static partial Regex Number();
}
