using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Bambu;
using PrintStash.Printers.Simulation.Bambu;
using PrintStash.Printers.Tests.TestSupport;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Tests.Bambu;

/// <summary>A real mosquitto (TLS, password) standing in for the printer's broker, a simulated printer on it, and the driver.</summary>
internal sealed class BambuTestRig : IAsyncDisposable
{
    public const string Serial = MosquittoBroker.CertificateCommonName;

    private BambuTestRig(MosquittoBroker broker, BambuPrinterSimulator simulator, BambuDriver driver, string accessCode)
    {
        Broker = broker;
        Simulator = simulator;
        Driver = driver;
        AccessCode = accessCode;
    }

    public MosquittoBroker Broker { get; }

    public BambuPrinterSimulator Simulator { get; }

    public BambuDriver Driver { get; }

    public string AccessCode { get; }

    public static async Task<BambuTestRig> StartAsync(
        Func<BambuSimulatorOptions, BambuSimulatorOptions>? simulator = null,
        string accessCode = MosquittoBroker.Password,
        int ftpsPort = 990,
        Func<BambuDriverOptions, BambuDriverOptions>? driverOptions = null)
    {
        var broker = await MosquittoBroker.StartAsync(users: new Dictionary<string, string> { ["bblp"] = accessCode });
        try
        {
            var options = new BambuSimulatorOptions
            {
                Serial = Serial,
                BrokerHost = broker.Host,
                BrokerPort = broker.Port,
                BrokerUserName = "bblp",
                BrokerPassword = accessCode,
                BrokerTls = ServerCertificateTrust.Pinned(broker.Certificate!.Sha256),
                BrokerTlsServerName = Serial,
                ReportInterval = TimeSpan.FromMilliseconds(100),
                PrepareDuration = TimeSpan.FromMilliseconds(300),
                PrintDuration = TimeSpan.FromSeconds(2),
            };
            var sim = await BambuPrinterSimulator.StartAsync(simulator?.Invoke(options) ?? options, TimeProvider.System, CancellationToken.None);
            var defaults = new BambuDriverOptions
            {
                MqttPort = broker.Port,
                FtpsPort = ftpsPort,
                FtpsUserName = VsftpdServer.Username,
                KeepAlive = TimeSpan.FromSeconds(2),
                CommandAckTimeout = TimeSpan.FromSeconds(3),
                TestReportTimeout = TimeSpan.FromSeconds(5),
                ConnectTimeout = TimeSpan.FromSeconds(3),
            };
            var driver = new BambuDriver(TimeProvider.System, driverOptions?.Invoke(defaults) ?? defaults);
            return new BambuTestRig(broker, sim, driver, accessCode);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    public PrinterDefinition Printer(string? accessCode = null, string serial = Serial, string? pin = null, string? address = null) =>
        new(Guid.NewGuid(), "X1C test", PrinterKind.Bambu, address ?? Broker.Host, accessCode ?? AccessCode, SerialNumber: serial, TrustedCertificateSha256: pin);

    /// <summary>Runs a connection in the background until the returned handle is disposed.</summary>
    public async Task<RunningConnection> RunAsync(RecordingSink sink, PrinterDefinition? printer = null)
    {
        var connection = Driver.CreateConnection(printer ?? Printer());
        var stop = new CancellationTokenSource();
        var run = connection.RunAsync(sink, null, stop.Token);
        var running = new RunningConnection(connection, run, stop);
        await sink.WaitForStatusAsync(s => s.Heaters.Length > 0, "the first full status");
        return running;
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await Broker.DisposeAsync();
    }

    internal sealed class RunningConnection(IPrinterConnection connection, Task run, CancellationTokenSource stop) : IAsyncDisposable
    {
        public IPrinterConnection Connection { get; } = connection;

        public Task Run { get; } = run;

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await Run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Connection.DisposeAsync();
            stop.Dispose();
        }
    }
}
