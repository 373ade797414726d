using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Tests.PrusaLink;

/// <summary>Records everything a connection reports; tests wait on conditions over the recording.</summary>
internal sealed class RecordingStatusSink : IPrinterStatusSink
{
    private readonly Lock gate = new();
    private readonly List<PrinterStatus> statuses = [];
    private readonly List<PrinterJobReport> jobs = [];
    private readonly List<(byte[]? Image, string? ContentType)> thumbnails = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int established;

    public int Established => Volatile.Read(ref established);

    public IReadOnlyList<PrinterStatus> Statuses
    {
        get
        {
            lock (gate)
            {
                return [.. statuses];
            }
        }
    }

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

    public IReadOnlyList<(byte[]? Image, string? ContentType)> Thumbnails
    {
        get
        {
            lock (gate)
            {
                return [.. thumbnails];
            }
        }
    }

    public void ConnectionEstablished()
    {
        Interlocked.Increment(ref established);
        Signal();
    }

    public void StatusChanged(PrinterStatus status)
    {
        lock (gate)
        {
            statuses.Add(status);
        }

        Signal();
    }

    public ValueTask JobReportedAsync(PrinterJobReport job, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            jobs.Add(job);
        }

        Signal();
        return ValueTask.CompletedTask;
    }

    public void ThumbnailChanged(ReadOnlyMemory<byte>? image, string? contentType)
    {
        lock (gate)
        {
            thumbnails.Add((image?.ToArray(), contentType));
        }

        Signal();
    }

    /// <summary>Waits (real time, at most <paramref name="seconds"/>) until the condition holds.</summary>
    public async Task WaitUntilAsync(Func<RecordingStatusSink, bool> condition, string what, double seconds = 10)
    {
        var deadline = Task.Delay(TimeSpan.FromSeconds(seconds));
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

            // Also look again now and then: some conditions watch things other than this sink (the simulator's request log).
            if (await Task.WhenAny(next, deadline, Task.Delay(20)) == deadline)
            {
                Assert.Fail($"Timed out waiting for {what}. Last status: {Last}; jobs: {string.Join(", ", Jobs.Select(j => $"{j.PrinterJobId}:{j.Status}"))}");
            }
        }
    }

    public Task WaitForStatusAsync(Func<PrinterStatus, bool> condition, string what, double seconds = 10) =>
        WaitUntilAsync(s => s.Last is { } last && condition(last), what, seconds);

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (gate)
        {
            previous = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}
