using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Tests.TestSupport;

/// <summary>
/// Records everything a connection reports, as the supervisor would receive it, and lets a test wait (in real time,
/// bounded) for a condition over the recording. Shared by the tests of every driver.
/// </summary>
internal sealed class RecordingSink : IPrinterStatusSink
{
    private readonly Lock gate = new();
    private readonly List<PrinterStatus> statuses = [];
    private readonly List<PrinterJobReport> jobs = [];
    private readonly List<(byte[]? Image, string? ContentType)> thumbnails = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int established;

    public int Established => Volatile.Read(ref established);

    public IReadOnlyList<PrinterStatus> Statuses => Copy(statuses);

    public IReadOnlyList<PrinterJobReport> Jobs => Copy(jobs);

    public IReadOnlyList<(byte[]? Image, string? ContentType)> Thumbnails => Copy(thumbnails);

    public PrinterStatus? Last
    {
        get
        {
            lock (gate)
            {
                return statuses.Count == 0 ? null : statuses[^1];
            }
        }
    }

    public (byte[]? Image, string? ContentType)? LastThumbnail
    {
        get
        {
            lock (gate)
            {
                return thumbnails.Count == 0 ? null : thumbnails[^1];
            }
        }
    }

    public void ConnectionEstablished()
    {
        Interlocked.Increment(ref established);
        Signal();
    }

    public void StatusChanged(PrinterStatus status) => Record(statuses, status);

    public ValueTask JobReportedAsync(PrinterJobReport job, CancellationToken cancellationToken)
    {
        Record(jobs, job);
        return ValueTask.CompletedTask;
    }

    public void ThumbnailChanged(ReadOnlyMemory<byte>? image, string? contentType) => Record(thumbnails, (image?.ToArray(), contentType));

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after the timeout, or
    /// as soon as <paramref name="session"/> ends (surfacing its exception).
    /// </summary>
    public async Task WaitForAsync(Func<RecordingSink, bool> condition, string what, double seconds = 15, Task? session = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        while (true)
        {
            Task next;
            lock (gate)
            {
                next = changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            if (session is { IsCompleted: true })
            {
                await session;
                Assert.Fail($"The session ended before: {what}");
            }

            var left = limit - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"Timed out waiting for: {what}. Last status: {Last}; jobs: {string.Join(", ", Jobs.Select(j => $"{j.PrinterJobId}:{j.Status}"))}");
            }

            // Look again every 20 ms too: some conditions watch things other than this sink (a simulator's request log).
            var waits = new List<Task> { next, Task.Delay(left < TimeSpan.FromMilliseconds(20) ? left : TimeSpan.FromMilliseconds(20)) };
            if (session is not null)
            {
                waits.Add(session);
            }

            await Task.WhenAny(waits);
        }
    }

    public async Task<PrinterStatus> WaitForStatusAsync(Func<PrinterStatus, bool> condition, string what, double seconds = 20)
    {
        await WaitForAsync(s => s.Last is { } last && condition(last), what, seconds);
        return Last!;
    }

    public async Task<PrinterJobReport> WaitForJobAsync(Func<PrinterJobReport, bool> condition, string what, double seconds = 20)
    {
        await WaitForAsync(s => s.Jobs.Any(condition), what, seconds);
        return Jobs.Last(condition);
    }

    public async Task<byte[]> WaitForThumbnailAsync(double seconds = 20)
    {
        await WaitForAsync(s => s.LastThumbnail?.Image is not null, "a thumbnail", seconds);
        return LastThumbnail!.Value.Image!;
    }

    private IReadOnlyList<T> Copy<T>(List<T> items)
    {
        lock (gate)
        {
            return [.. items];
        }
    }

    private void Record<T>(List<T> items, T item)
    {
        lock (gate)
        {
            items.Add(item);
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource done;
        lock (gate)
        {
            done = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
    }
}
