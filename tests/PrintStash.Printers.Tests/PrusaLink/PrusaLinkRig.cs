using Microsoft.Extensions.Options;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.PrusaLink;
using PrintStash.Printers.Simulation.PrusaLink;

namespace PrintStash.Printers.Tests.PrusaLink;

/// <summary>A simulator, a driver with fast polling sharing its fake clock, and a running session recorded by a sink.</summary>
internal sealed class PrusaLinkRig : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();

    private PrusaLinkRig(PrusaLinkSimulator simulator, FakeTimeProvider clock, PrusaLinkDriver driver, PrinterDefinition printer)
    {
        Simulator = simulator;
        Clock = clock;
        Driver = driver;
        Printer = printer;
    }

    public PrusaLinkSimulator Simulator { get; }

    public FakeTimeProvider Clock { get; }

    public PrusaLinkDriver Driver { get; }

    public PrinterDefinition Printer { get; }

    public RecordingSink Sink { get; } = new();

    public IPrinterConnection? Connection { get; private set; }

    public Task? Session { get; private set; }

    public static PrusaLinkOptions FastOptions(TimeSpan? requestTimeout = null) => new()
    {
        PollWhilePrinting = TimeSpan.FromMilliseconds(25),
        PollWhileIdle = TimeSpan.FromMilliseconds(50),
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(5),
    };

    public static async Task<PrusaLinkRig> CreateAsync(
        Func<FakeTimeProvider, PrusaLinkSimulatorOptions>? simulator = null,
        Func<PrusaLinkSimulator, PrinterDefinition>? printer = null,
        PrusaLinkOptions? options = null)
    {
        var clock = new FakeTimeProvider();
        var sim = await PrusaLinkSimulator.StartAsync(simulator?.Invoke(clock) ?? new PrusaLinkSimulatorOptions { TimeProvider = clock });
        var definition = printer?.Invoke(sim) ?? DigestPrinter(sim);
        var driver = new PrusaLinkDriver(Options.Create(options ?? FastOptions()), clock);
        return new PrusaLinkRig(sim, clock, driver, definition);
    }

    public static PrinterDefinition DigestPrinter(PrusaLinkSimulator sim, string? password = null, string? userName = null) =>
        new(Guid.NewGuid(), "MK4 sim", PrinterKind.PrusaLink, sim.Address.ToString(), password ?? sim.Options.Password, userName ?? sim.Options.UserName);

    public static PrinterDefinition ApiKeyPrinter(PrusaLinkSimulator sim, string? key = null) =>
        new(Guid.NewGuid(), "MK3S sim", PrinterKind.PrusaLink, sim.Address.ToString(), key ?? sim.Options.ApiKey);

    /// <summary>Starts RunAsync and waits for the first status.</summary>
    public async Task<IPrinterConnection> ConnectAsync()
    {
        Connection = Driver.CreateConnection(Printer);
        Session = Task.Run(() => Connection.RunAsync(Sink, null, stop.Token));
        await Sink.WaitForAsync(s => s.Established > 0 && s.Last is not null || Session.IsCompleted, "the first status");
        if (Session.IsCompleted)
        {
            await Session; // surfaces the failure
        }

        return Connection;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (Session is not null)
        {
            try
            {
                await Session;
            }
            catch (Exception)
            {
                // Cancelled or already failed; tests that care awaited it themselves.
            }
        }

        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        stop.Dispose();
    }
}
