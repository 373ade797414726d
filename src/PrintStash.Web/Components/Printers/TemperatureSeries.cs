using PrintStash.Printers.Abstractions;

namespace PrintStash.Web.Components.Printers;

/// <summary>One point of a temperature chart line (local time for the axis).</summary>
public sealed record TemperaturePoint(DateTime At, double Value);

/// <summary>One heater's line on the chart, and its target line when it has one.</summary>
public sealed record TemperatureSeries(string Name, IReadOnlyList<TemperaturePoint> Current, IReadOnlyList<TemperaturePoint> Target);

/// <summary>
/// Turns the hub's history ring (up to an hour of samples) into chart lines of at most <see cref="MaxPoints"/> points
/// each: the last sample of each time bucket, so a circuit ships a few KB per refresh instead of thousands of points.
/// </summary>
public static class TemperatureChart
{
    public const int MaxPoints = 240;

    public static IReadOnlyList<TemperatureSeries> From(IReadOnlyList<PrinterSample> samples)
    {
        if (samples.Count == 0)
        {
            return [];
        }

        var first = samples[0].At;
        var span = samples[^1].At - first;
        var bucket = span <= TimeSpan.Zero ? TimeSpan.FromSeconds(1) : span / MaxPoints;
        var picked = new List<PrinterSample>(Math.Min(samples.Count, MaxPoints + 1));
        long? lastBucket = null;
        foreach (var sample in samples)
        {
            var index = (sample.At - first).Ticks / Math.Max(1, bucket.Ticks);
            if (index == lastBucket)
            {
                picked[^1] = sample;
            }
            else
            {
                picked.Add(sample);
                lastBucket = index;
            }
        }

        var names = picked.SelectMany(s => s.Heaters).Select(h => h.Name).Distinct(StringComparer.Ordinal).ToList();
        return names.Select(name =>
        {
            var current = new List<TemperaturePoint>(picked.Count);
            var target = new List<TemperaturePoint>();
            foreach (var sample in picked)
            {
                var at = DateTime.SpecifyKind(sample.At, DateTimeKind.Utc).ToLocalTime();
                foreach (var heater in sample.Heaters)
                {
                    if (heater.Name == name)
                    {
                        current.Add(new TemperaturePoint(at, Math.Round(heater.Current, 1)));
                        if (heater.Target is { } t)
                        {
                            target.Add(new TemperaturePoint(at, t));
                        }
                    }
                }
            }

            return new TemperatureSeries(PrinterFormat.HeaterName(name), current, target.Any(p => p.Value > 0) ? target : []);
        }).ToList();
    }
}
