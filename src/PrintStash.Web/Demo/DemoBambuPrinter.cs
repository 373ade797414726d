using PrintStash.Domain.Entities;
using PrintStash.Printers.Catalog;
using PrintStash.Printers.Simulation.Bambu;
using PrintStash.Printers.Tls;

namespace PrintStash.Web.Demo;

/// <summary>
/// The demo's Bambu Lab X1 Carbon: a mosquitto on loopback stands in for the printer's own broker and the simulator
/// publishes the X1's full reports to it, printing a file in a loop. Without mosquitto there is no Bambu printer and
/// the dashboard says how to get one.
/// </summary>
internal sealed class DemoBambuPrinter : IAsyncDisposable
{
    public const string Name = "X1 Carbon";
    public const string Serial = "00M00A2B0900042";
    public const string AccessCode = "31415926";
    public const string PrintFile = "calibration_cube_PLA.gcode.3mf";
    public const string MissingMosquitto = "Bambu demo needs mosquitto (apt-get install mosquitto): the simulated X1 Carbon needs an MQTT broker to talk through. Install it and restart with --demo.";

    private readonly DemoMqttBroker broker;
    private readonly BambuPrinterSimulator simulator;

    private DemoBambuPrinter(DemoMqttBroker broker, BambuPrinterSimulator simulator)
    {
        this.broker = broker;
        this.simulator = simulator;
    }

    /// <summary>The printer as the catalog stores it: address with the broker's port, pinned to the broker's certificate.</summary>
    public PrinterInput Input => new(
        Name, PrinterKind.Bambu, $"{broker.Host}:{broker.Port}", AccessCode,
        SerialNumber: Serial, TrustedCertificateSha256: broker.CertificateSha256, Location: "Office", Tags: ["bambu", "pla"]);

    /// <summary>Null when mosquitto is not installed (<paramref name="mosquitto"/> null).</summary>
    public static async Task<DemoBambuPrinter?> TryStartAsync(string? mosquitto, TimeProvider time, CancellationToken cancellationToken)
    {
        var broker = await DemoMqttBroker.TryStartAsync(mosquitto, "bblp", AccessCode, Serial, time, cancellationToken);
        if (broker is null)
        {
            return null;
        }

        try
        {
            var simulator = await BambuPrinterSimulator.StartAsync(new BambuSimulatorOptions
            {
                Serial = Serial,
                BrokerHost = broker.Host,
                BrokerPort = broker.Port,
                BrokerUserName = "bblp",
                BrokerPassword = AccessCode,
                BrokerTls = ServerCertificateTrust.Pinned(broker.CertificateSha256),
                BrokerTlsServerName = Serial,
                ProductName = "Bambu Lab X1 Carbon",
                Reporting = BambuSimulatorReporting.Full,
                PrepareDuration = TimeSpan.FromSeconds(20),
                PrintDuration = TimeSpan.FromMinutes(4),
                TotalLayers = 100,
                RestartAfter = TimeSpan.FromMinutes(1),
            }, time, cancellationToken);
            simulator.StartPrint(PrintFile);
            return new DemoBambuPrinter(broker, simulator);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await simulator.DisposeAsync();
        await broker.DisposeAsync();
    }
}
