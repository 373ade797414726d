using System.Diagnostics;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Tests.TestSupport;

/// <summary>Records what a connection reports, as the supervisor would receive it.</summary>
internal sealed class RecordingSink : IPrinterStatusSink
{
    private readonly Lock gate = new();
    private readonly List<PrinterStatus> statuses = [];
    private readonly List<PrinterJobReport> jobs = [];
    private int established;

    public int EstablishedCount => Volatile.Read(ref established);

    public PrinterStatus? Latest
    {
        get
        {
            lock (gate)
            {
                return statuses.Count == 0 ? null : statuses[^1];
            }
        }
    }

    public IReadOnlyList<PrinterJobReport> Jobs
    {
        get
        {
            lock (gate)
            {
                return [.. jobs];
            }
        }
    }

    public void ConnectionEstablished() => Interlocked.Increment(ref established);

    public void StatusChanged(PrinterStatus status)
    {
        lock (gate)
        {
            statuses.Add(status);
        }
    }

    public ValueTask JobReportedAsync(PrinterJobReport job, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            jobs.Add(job);
        }

        return ValueTask.CompletedTask;
    }

    public (byte[]? Image, string? ContentType)? LatestThumbnail { get; private set; }

    public void ThumbnailChanged(ReadOnlyMemory<byte>? image, string? contentType)
    {
        lock (gate)
        {
            LatestThumbnail = (image?.ToArray(), contentType);
        }
    }

    public Task<byte[]> WaitForThumbnailAsync() =>
        WaitAsync(() => LatestThumbnail?.Image, "a thumbnail", () => "none arrived");

    /// <summary>Waits until the latest status satisfies the condition; fails with the last status seen.</summary>
    public Task<PrinterStatus> WaitForStatusAsync(Func<PrinterStatus, bool> condition, string what) =>
        WaitAsync(() => Latest is { } latest && condition(latest) ? latest : null, what, () => $"last status: {Latest}");

    public Task<PrinterJobReport> WaitForJobAsync(Func<PrinterJobReport, bool> condition, string what) =>
        WaitAsync(() => Jobs.LastOrDefault(condition), what, () => $"jobs: {string.Join("; ", Jobs)}");

    private static async Task<T> WaitAsync<T>(Func<T?> probe, string what, Func<string> diagnostics)
        where T : class
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Waited 20 s for {what}; {diagnostics()}");
    }
}
