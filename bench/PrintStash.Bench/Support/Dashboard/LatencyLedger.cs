using System.Collections.Concurrent;

namespace PrintStash.Bench.Support.Dashboard;

/// <summary>
/// When each printer's layer number was sent by its simulator (first send wins), and where it was seen later: a bare
/// WebSocket reader, a PrinterHub subscriber, each page's DOM. Latency = seen − sent, both on this machine's wall clock.
/// </summary>
internal sealed class LatencyLedger
{
    private readonly ConcurrentDictionary<(string Slug, int Layer), double> sent = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Slug, int Layer, double At)>> seen = new(StringComparer.Ordinal);

    /// <summary>Wall clock now in milliseconds since the Unix epoch, with sub-millisecond resolution.</summary>
    public static double NowUnixMs() => (TimeProvider.System.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond;

    public static double UnixMs(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond;

    public void Sent(string slug, int layer, double atUnixMs) => sent.TryAdd((slug, layer), atUnixMs);

    public void Seen(string path, string slug, int layer, double atUnixMs) =>
        seen.GetOrAdd(path, _ => new ConcurrentQueue<(string, int, double)>()).Enqueue((slug, layer, atUnixMs));

    /// <summary>Layer changes sent within [from, to).</summary>
    public int SentBetween(double from, double to) => sent.Values.Count(t => t >= from && t < to);

    /// <summary>Latencies (ms) of the sightings on <paramref name="path"/> whose send lies within [from, to); and sightings with no matching send.</summary>
    public (List<double> Latencies, int Unmatched) Latencies(string path, double from, double to)
    {
        var latencies = new List<double>();
        var unmatched = 0;
        if (!seen.TryGetValue(path, out var sightings))
        {
            return (latencies, 0);
        }

        foreach (var (slug, layer, at) in sightings)
        {
            if (!sent.TryGetValue((slug, layer), out var sentAt))
            {
                unmatched++;
                continue;
            }

            if (sentAt >= from && sentAt < to)
            {
                latencies.Add(at - sentAt);
            }
        }

        return (latencies, unmatched);
    }
}
