using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Tests.Moonraker;

/// <summary>Remembers everything a connection reports and lets a test wait for a condition (bounded).</summary>
internal sealed class RecordingSink : IPrinterStatusSink
{
    private readonly Lock gate = new();
    private readonly List<PrinterStatus> statuses = [];
    private readonly List<PrinterJobReport> jobs = [];
    private readonly List<(byte[]? Image, string? ContentType)> thumbnails = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Established { get; private set; }

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

    public PrinterStatus? Last => Statuses.LastOrDefault();

    public void ConnectionEstablished()
    {
        lock (gate)
        {
            Established++;
        }

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

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after the timeout.</summary>
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
                await session; // surfaces the session's exception
                Assert.Fail($"The session ended before: {what}");
            }

            var left = limit - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"Timed out waiting for: {what}. Last status: {Last}");
            }

            var waits = new List<Task> { next, Task.Delay(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200)) };
            if (session is not null)
            {
                waits.Add(session);
            }

            await Task.WhenAny(waits);
        }
    }
}
