using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Hub;

/// <summary>
/// The last hour of temperatures and progress of one printer: a fixed-size ring (one sample per interval), so memory
/// never grows however long the printer runs. Not thread-safe; the owning entry locks.
/// </summary>
internal sealed class PrinterHistoryRing(int capacity, TimeSpan interval)
{
    private readonly PrinterSample[] samples = new PrinterSample[capacity];
    private int next;
    private int count;
    private DateTime? lastSampleAt;

    public int Capacity => samples.Length;

    public int Count => count;

    /// <summary>Keeps the status as a sample when the interval has passed since the last one (or the clock went back).</summary>
    public void Offer(DateTime now, PrinterStatus status)
    {
        if (lastSampleAt is { } last && now >= last && now - last < interval)
        {
            return;
        }

        lastSampleAt = now;
        samples[next] = new PrinterSample(now, status.Progress, status.Heaters);
        next = (next + 1) % samples.Length;
        count = Math.Min(count + 1, samples.Length);
    }

    /// <summary>Samples not older than <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<PrinterSample> Since(DateTime since)
    {
        var result = new List<PrinterSample>(count);
        var start = (next - count + samples.Length) % samples.Length;
        for (var i = 0; i < count; i++)
        {
            var sample = samples[(start + i) % samples.Length];
            if (sample.At >= since)
            {
                result.Add(sample);
            }
        }

        return result;
    }
}
