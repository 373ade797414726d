using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using PrintStash.Bench.Support;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Moonraker;
using PrintStash.Printers.Simulation.Moonraker;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// Cost of the Moonraker driver per status update: N simulated printers (in this process, each on its own loopback port,
/// printing, ~4 diffs/s) are watched first by bare WebSocket readers that subscribe to the same objects and discard
/// every message (baseline: simulator + socket cost), then by N real driver connections (parse, merge, map, report).
/// Driver CPU per update = (CPU with drivers − CPU with bare readers) / updates. Target: ≤ 250 µs per update, i.e.
/// 250 printers at 4 updates/s fit in a quarter of one core. Also: managed memory per connection.
/// </summary>
internal sealed class MoonrakerBenchmark : IBenchmark
{
    private const double TargetMicroseconds = 250;

    public string Name => "moonraker";

    public string Description => "Moonraker driver CPU per status update vs bare WebSocket readers (≤ 250 µs), memory per connection";

    public bool IncludedInAll => true;

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var printers = context.IntOption("--printers", 50);
        var seconds = context.IntOption("--seconds", 20);
        var simulators = new List<MoonrakerSimulator>();
        try
        {
            for (var i = 0; i < printers; i++)
            {
                var simulator = new MoonrakerSimulator(new MoonrakerSimulatorOptions { Seed = i + 1, SampleDuration = TimeSpan.FromHours(4) });
                await simulator.StartAsync(cancellationToken: cancellationToken);
                simulator.StartPrint();
                simulators.Add(simulator);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var idleHeap = GC.GetTotalMemory(forceFullCollection: true);
            var baseline = await MeasureAsync(simulators, seconds, RunBareReaderAsync, cancellationToken);
            var driver = new MoonrakerDriver(TimeProvider.System);
            var drivers = await MeasureAsync(simulators, seconds, (s, counter, token) => RunDriverAsync(driver, s, counter, token), cancellationToken);

            var extraCpu = drivers.Cpu - baseline.Cpu;
            // Both runs see the same updates (same simulators, same subscription); the bare readers count them.
            var perUpdate = baseline.Messages == 0 ? double.NaN : extraCpu.TotalMicroseconds / baseline.Messages;
            var table = new ResultTable("run", "printers", "seconds", "messages received / status reports", "process CPU", "CPU % of one core", "managed heap after GC");
            table.Add("bare readers (baseline)", Stats.Int(printers), Stats.Int(seconds), Stats.Int(baseline.Messages), Stats.Seconds(baseline.Cpu), Percent(baseline.Cpu, seconds), Stats.MiB(baseline.Heap));
            table.Add("driver connections", Stats.Int(printers), Stats.Int(seconds), Stats.Int(drivers.Messages), Stats.Seconds(drivers.Cpu), Percent(drivers.Cpu, seconds), Stats.MiB(drivers.Heap));
            table.Print();
            var perConnection = (drivers.Heap - idleHeap) / Math.Max(1, printers);
            var perReader = (baseline.Heap - idleHeap) / Math.Max(1, printers);
            Console.WriteLine($"  driver CPU per status update: {perUpdate.ToString("0.0", CultureInfo.InvariantCulture)} µs (target ≤ {TargetMicroseconds} µs)");
            Console.WriteLine($"  managed memory per connection (heap after GC − heap with no clients, / printers): driver {Stats.Bytes(Math.Max(0, perConnection))}, bare reader {Stats.Bytes(Math.Max(0, perReader))}");
            Console.WriteLine($"  projected driver CPU for 250 printers at 4 updates/s: {(perUpdate * 1000 / 1e6 * 100).ToString("0.0", CultureInfo.InvariantCulture)} % of one core");
            context.Record("moonraker", $"≤ {TargetMicroseconds} µs driver CPU per update", $"{perUpdate.ToString("0.0", CultureInfo.InvariantCulture)} µs", perUpdate <= TargetMicroseconds);
        }
        finally
        {
            foreach (var simulator in simulators)
            {
                await simulator.DisposeAsync();
            }
        }
    }

    private static string Percent(TimeSpan cpu, int seconds) =>
        (cpu.TotalSeconds / seconds * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private sealed record Run(TimeSpan Cpu, long Messages, long Heap);

    private sealed class Counter
    {
        public long Messages;
    }

    private static async Task<Run> MeasureAsync(
        List<MoonrakerSimulator> simulators, int seconds, Func<MoonrakerSimulator, Counter, CancellationToken, Task> watch, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var counter = new Counter();
        var watchers = simulators.Select(s => Task.Run(() => watch(s, counter, stop.Token), CancellationToken.None)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken); // connect, subscribe, warm up
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var messagesBefore = Interlocked.Read(ref counter.Messages);
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var messages = Interlocked.Read(ref counter.Messages) - messagesBefore;
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(watchers).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or TimeoutException)
        {
        }

        return new Run(cpu, messages, heap);
    }

    private static async Task RunBareReaderAsync(MoonrakerSimulator simulator, Counter counter, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(simulator.Address.Replace("http://", "ws://", StringComparison.Ordinal) + "/websocket"), cancellationToken);
        const string subscribe = """
            {"jsonrpc":"2.0","method":"printer.objects.subscribe","id":2,"params":{"objects":{"webhooks":null,"print_stats":null,"virtual_sdcard":null,
            "display_status":null,"idle_timeout":["state"],"pause_resume":null,"toolhead":["homed_axes","extruder"],
            "gcode_move":["speed_factor","extrude_factor","gcode_position"],"exclude_object":null,"fan":["speed"],
            "heater_bed":["temperature","target","power"],"extruder":["temperature","target","power"],"temperature_sensor host":["temperature"]}}}
            """;
        foreach (var request in new[] { """{"jsonrpc":"2.0","method":"server.connection.identify","id":1,"params":{"client_name":"bench","version":"1","type":"other","url":"x"}}""", subscribe })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, cancellationToken);
        }

        var buffer = new byte[64 * 1024];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (result.EndOfMessage)
                {
                    Interlocked.Increment(ref counter.Messages);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task RunDriverAsync(MoonrakerDriver driver, MoonrakerSimulator simulator, Counter counter, CancellationToken cancellationToken)
    {
        await using var connection = driver.CreateConnection(new PrinterDefinition(Guid.NewGuid(), "bench", PrinterKind.Moonraker, simulator.Address, null));
        try
        {
            await connection.RunAsync(new CountingSink(counter), null, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Counts status reports; the driver reports once per batch of updates that changed something.</summary>
    private sealed class CountingSink(Counter counter) : IPrinterStatusSink
    {
        public void ConnectionEstablished()
        {
        }

        public void StatusChanged(PrinterStatus status) => Interlocked.Increment(ref counter.Messages);

        public ValueTask JobReportedAsync(PrinterJobReport job, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void ThumbnailChanged(ReadOnlyMemory<byte>? image, string? contentType)
        {
        }
    }
}
