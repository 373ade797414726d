using System.Collections.Concurrent;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Tests.TestSupport;

/// <summary>What the next connection does when run.</summary>
internal enum TestSessionBehaviour
{
    /// <summary>Reports established and stays until disconnected by the test or cancelled.</summary>
    Stay,
    /// <summary>Throws at once (host unreachable).</summary>
    Fail,
    /// <summary>Throws PrinterAuthenticationException.</summary>
    RejectCredentials,
    /// <summary>Reports established, then ignores cancellation for ever.</summary>
    HangIgnoringCancel,
}

/// <summary>
/// A driver whose connections the test drives: counts how many are open at once, lets the test force disconnects and
/// push statuses and job reports through the sink the supervisor handed over.
/// </summary>
internal sealed class TestPrinterDriver(PrinterKind kind = PrinterKind.Moonraker) : IPrinterDriver
{
    private int open;
    private int maxOpen;
    private int created;

    public PrinterKind Kind => kind;

    public TestSessionBehaviour Behaviour { get; set; } = TestSessionBehaviour.Stay;

    public int Open => Volatile.Read(ref open);

    public int MaxOpen => Volatile.Read(ref maxOpen);

    public int Created => Volatile.Read(ref created);

    public ConcurrentQueue<DateTime?> BackfillSinces { get; } = new();

    public TestConnection? Current { get; private set; }

    public List<PrinterDefinition> Definitions { get; } = [];

    public PrinterTestResult TestResult { get; set; } = PrinterTestResult.Ok("Klipper ready");

    public PrinterDefinition? Tested { get; private set; }

    public IPrinterConnection CreateConnection(PrinterDefinition printer)
    {
        Interlocked.Increment(ref created);
        lock (Definitions)
        {
            Definitions.Add(printer);
        }

        var connection = new TestConnection(this, Behaviour);
        Opened();
        Current = connection;
        return connection;
    }

    public Task<PrinterTestResult> TestAsync(PrinterDefinition printer, CancellationToken cancellationToken)
    {
        Tested = printer;
        return Task.FromResult(TestResult);
    }

    private void Opened()
    {
        var now = Interlocked.Increment(ref open);
        int seen;
        while (now > (seen = Volatile.Read(ref maxOpen)) && Interlocked.CompareExchange(ref maxOpen, now, seen) != seen)
        {
        }
    }

    private void Closed() => Interlocked.Decrement(ref open);

    internal sealed class TestConnection(TestPrinterDriver driver, TestSessionBehaviour behaviour) : IPrinterConnection
    {
        private readonly TaskCompletionSource disconnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int disposed;

        public IPrinterStatusSink? Sink { get; private set; }

        public bool Running { get; private set; }

        public List<string> Commands { get; } = [];

        public PrinterCommandResult CommandResult { get; set; } = PrinterCommandResult.Ok;

        public async Task RunAsync(IPrinterStatusSink sink, DateTime? backfillSince, CancellationToken cancellationToken)
        {
            driver.BackfillSinces.Enqueue(backfillSince);
            Sink = sink;
            try
            {
                switch (behaviour)
                {
                    case TestSessionBehaviour.Fail:
                        throw new IOException("Connection refused");
                    case TestSessionBehaviour.RejectCredentials:
                        throw new PrinterAuthenticationException("API key rejected");
                    case TestSessionBehaviour.HangIgnoringCancel:
                        sink.ConnectionEstablished();
                        Running = true;
                        await disconnect.Task;
                        return;
                    default:
                        sink.ConnectionEstablished();
                        Running = true;
                        await disconnect.Task.WaitAsync(cancellationToken);
                        return;
                }
            }
            finally
            {
                Running = false;
            }
        }

        /// <summary>The printer drops the session (RunAsync returns normally).</summary>
        public void Disconnect() => disconnect.TrySetResult();

        public Task<PrinterCommandResult> PauseAsync(CancellationToken cancellationToken) => Command("pause");

        public Task<PrinterCommandResult> ResumeAsync(CancellationToken cancellationToken) => Command("resume");

        public Task<PrinterCommandResult> CancelAsync(CancellationToken cancellationToken) => Command("cancel");

        public Task<PrinterCommandResult> StartAsync(string fileName, CancellationToken cancellationToken) => Command("start " + fileName);

        public async Task<PrinterCommandResult> UploadAsync(Stream content, string fileName, long length, bool startAfterUpload, IProgress<long>? progress, CancellationToken cancellationToken)
        {
            var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            progress?.Report(buffer.Length);
            return await Command($"upload {fileName} {buffer.Length} start={startAfterUpload}");
        }

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                driver.Closed();
            }

            return ValueTask.CompletedTask;
        }

        private Task<PrinterCommandResult> Command(string command)
        {
            lock (Commands)
            {
                Commands.Add(command);
            }

            return Task.FromResult(CommandResult);
        }
    }
}
